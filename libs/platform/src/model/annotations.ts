/**
 * Annotations and labels Tandem writes on the objects it migrates. They are the only state Tandem keeps on a
 * destination site, so that activation, purge and "unchanged, not touched" work from the objects alone.
 */
export const TANDEM_PREFIX = 'dr.tandem.dev';

export const Annotations = {
  /** The migration that last wrote the object (`<schedule>-<policy type>-<UTC timestamp>` or a one-off name). */
  migration: `${TANDEM_PREFIX}/migration`,
  /** SHA-256 of the object as Tandem last applied it (after sanitising and transforming). Equal hash: not touched. */
  contentHash: `${TANDEM_PREFIX}/content-hash`,
  /** Replicas of a Deployment or StatefulSet at the source, while the destination copy is kept at 0. */
  replicas: `${TANDEM_PREFIX}/replicas`,
  /** `spec.suspend` of a CronJob at the source, while the destination copy is suspended. */
  cronJobSuspend: `${TANDEM_PREFIX}/suspend`,
  /** JSON of a DaemonSet's `spec.template.spec.nodeSelector` at the source, while it is kept from scheduling. */
  daemonSetNodeSelector: `${TANDEM_PREFIX}/node-selector`,
} as const;

export const Labels = {
  /** On every object Tandem migrated to a site: which source site it came from. Purge considers only these. */
  migratedFrom: `${TANDEM_PREFIX}/migrated-from`,
} as const;

/** The node selector that keeps an inactive DaemonSet from scheduling anywhere. */
export const INACTIVE_NODE_SELECTOR = { [`${TANDEM_PREFIX}/inactive`]: 'true' } as const;

/** The field manager Tandem applies with. */
export const TANDEM_FIELD_MANAGER = 'tandem';
