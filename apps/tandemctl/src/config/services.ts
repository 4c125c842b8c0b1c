import type { DrKind } from '@tandem/resources';

/**
 * The Tandem services tandemctl talks to, and the kinds each keeps. A service is reached at the URL given by
 * `--<name>-url`, then `TANDEM_<NAME>_URL`, then `<name>:` in the current context of the config file, then its
 * default. Adding a service is one entry here (and its client).
 */
export const SERVICES = [{ name: 'scheduler', defaultUrl: 'http://127.0.0.1:8080' }] as const;

export type ServiceName = (typeof SERVICES)[number]['name'];

/** Where each kind of document goes: a service this tandemctl can reach, or the one that will keep it. */
export const KIND_SERVICE: Record<DrKind, { served: ServiceName } | { planned: string }> = {
  SchedulePolicy: { served: 'scheduler' },
  MigrationSchedule: { served: 'scheduler' },
  ClusterPair: { planned: 'failover' },
  Rule: { planned: 'snapshot' },
  Migration: { planned: 'coordinator' },
};

export const serviceFlag = (name: string): string => `--${name}-url`;
export const serviceEnv = (name: string): string => `TANDEM_${name.toUpperCase()}_URL`;
