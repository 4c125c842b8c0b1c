import { volumeName } from './agent-identity.schema';
import { labelNameSchema, objectNameSchema } from './kubernetes-names.schema';
import { defineMessage } from './message-definition';
import { namespacedNameSchema, protectAnswerCommon, protectCommandCommon, protectFailure, secretKeyRefSchema } from './protect-common.schema';
import { arr, bool, int, obj, opt, record, str } from './schema';

const labels = record(str({ min: 0, max: 63 }));

/** Which application, and to which destination: what both migration commands share. */
const applicationScope = {
  /** The ClusterPair (in `clusterPairNamespace`) whose destination the resources go to. */
  clusterPair: objectNameSchema,
  clusterPairNamespace: labelNameSchema,
  /** The Secret on this site that opens the destination's platform (from the resolved pair). */
  destinationAccess: secretKeyRefSchema,
  namespaces: arr(labelNameSchema, { min: 1, max: 1_000 }),
  selectors: labels,
  excludeSelectors: labels,
};

/**
 * Make sure the application's volume claims exist and are bound on the destination (applied like every other
 * resource, sanitised and mapped), so that recovery points can be restored into their volumes before the rest of
 * the application arrives.
 */
export const PrepareDestinationVolumes = defineMessage({
  kind: 'command',
  service: 'migration',
  name: 'prepare-destination-volumes',
  version: 1,
  description: "Apply the application's claims on the destination and wait until each is bound; answers with the destination volume of each.",
  schema: obj({ ...protectCommandCommon, ...applicationScope, claims: arr(namespacedNameSchema, { max: 1_000 }) }),
});

export const DestinationVolumesPrepared = defineMessage({
  kind: 'event',
  service: 'migration',
  name: 'destination-volumes-prepared',
  version: 1,
  description: 'Each claim exists on the destination, bound to the volume named.',
  schema: obj({
    ...protectAnswerCommon,
    output: obj({ volumes: arr(obj({ claim: namespacedNameSchema, volume: volumeName, node: opt(str({ max: 253 })) }), { max: 1_000 }) }),
  }),
});

export const PrepareDestinationVolumesFailed = defineMessage({
  kind: 'event',
  service: 'migration',
  name: 'prepare-destination-volumes-failed',
  version: 1,
  description: 'A claim could not be created or bound on the destination; the reason names it.',
  schema: obj(protectFailure),
});

/** Collect, sanitise, transform and apply the application's resources on the destination. */
export const MigrateResources = defineMessage({
  kind: 'command',
  service: 'migration',
  name: 'migrate-resources',
  version: 1,
  description: "Collect the application's resources here and apply them on the destination (startApplications honoured, purge when asked).",
  schema: obj({
    ...protectCommandCommon,
    ...applicationScope,
    /** The migration's name: recorded on what it applies (purge removes only what this source migrated). */
    migration: labelNameSchema,
    startApplications: bool(),
    purgeDeletedResources: bool(),
    includeOptionalResourceTypes: arr(str({ max: 253 }), { max: 100 }),
  }),
});

const resourceStatus = obj({
  apiVersion: str({ max: 253 }),
  kind: str({ max: 253 }),
  namespace: opt(labelNameSchema),
  name: str({ max: 253 }),
  /** Applied (created or changed), Unchanged (same content as last time: not written), Failed (with the reason). */
  status: str({ max: 32 }),
  reason: opt(str({ max: 2_000 })),
});

export const ResourcesMigrated = defineMessage({
  kind: 'event',
  service: 'migration',
  name: 'resources-migrated',
  version: 1,
  description: 'The resources were applied on the destination: counts, and the status of each resource (failures with their reason).',
  schema: obj({
    ...protectAnswerCommon,
    output: obj({
      total: int({ min: 0 }),
      applied: int({ min: 0 }),
      unchanged: int({ min: 0 }),
      failed: int({ min: 0 }),
      purged: int({ min: 0 }),
      resources: arr(resourceStatus, { max: 10_000 }),
    }),
  }),
});

export const MigrateResourcesFailed = defineMessage({
  kind: 'event',
  service: 'migration',
  name: 'migrate-resources-failed',
  version: 1,
  description: 'No resource could be migrated (the destination unreachable, the pair unusable): the reason says why.',
  schema: obj(protectFailure),
});
