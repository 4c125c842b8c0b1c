import type { DrKind } from '@tandem/resources';

/**
 * The Tandem services tandemctl talks to. A service is reached at the URL given by `--<name>-url`, then
 * `TANDEM_<NAME>_URL`, then `<name>:` in the current context of the config file, then its default. Adding a
 * service is one entry here (and its flag in cli/argv.ts, its client in http/).
 */
export const SERVICES = [
  { name: 'scheduler', defaultUrl: 'http://127.0.0.1:8080' },
  { name: 'failover', defaultUrl: 'http://127.0.0.1:8081' },
  { name: 'snapshot', defaultUrl: 'http://127.0.0.1:8082' },
  { name: 'replication', defaultUrl: 'http://127.0.0.1:8083' },
  { name: 'migration', defaultUrl: 'http://127.0.0.1:8084' },
  { name: 'coordinator', defaultUrl: 'http://127.0.0.1:8085' },
] as const;

export type ServiceName = (typeof SERVICES)[number]['name'];

/** The service that keeps each kind of document: `apply -f` sends it there, `get`, `describe` and `delete` ask it. */
export const KIND_SERVICE: Record<DrKind, ServiceName> = {
  ClusterPair: 'failover',
  Rule: 'snapshot',
  SchedulePolicy: 'scheduler',
  MigrationSchedule: 'scheduler',
  /** A one-off migration: the coordinator runs it now as a protect saga. */
  Migration: 'coordinator',
};

/** Besides the DR kinds: the core `v1 Secret` (a pair's access Secret), applied by the failover service with the pairs. */
export const SECRET_SERVICE: ServiceName = 'failover';

/**
 * The order `apply -f` sends to the services: what a schedule or a migration names (pairs, rules) before it, and
 * the migrations that run now last.
 */
export const APPLY_ORDER: readonly ServiceName[] = ['failover', 'snapshot', 'scheduler', 'coordinator'];

export const serviceFlag = (name: string): string => `--${name}-url`;
export const serviceEnv = (name: string): string => `TANDEM_${name.toUpperCase()}_URL`;
/** How a message names the service: `the scheduler`, `the failover service`. */
export const serviceTitle = (name: string): string => (name === 'scheduler' || name === 'coordinator' ? name : `${name} service`);
