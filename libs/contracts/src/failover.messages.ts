import { domainName } from './agent-identity.schema';
import { labelNameSchema } from './kubernetes-names.schema';
import { defineMessage } from './message-definition';
import { protectAnswerCommon, protectCommandCommon, protectFailure } from './protect-common.schema';
import { arr, bool, int, isoTime, obj, oneOf, opt, record, str } from './schema';
import { scheduleRefSchema } from './scheduler.messages';

const labels = record(str({ min: 0, max: 63 }));

/** A workload Tandem scaled, and to how many replicas. */
const scaledWorkload = obj({ kind: str({ max: 63 }), namespace: labelNameSchema, name: str({ max: 253 }), replicas: int({ min: 0 }) });

/**
 * Failover and failback commands. The saga runs on the site taking over; what must be done on the other site is
 * sent to that domain's failover service as a command scoped to it (it crosses the link between the sites, and
 * waits in the stream while the link is down: a saga step that gets no answer in time counts the site as gone).
 */

/** Is the other site there? Answered by this site's failover service from the ClusterPair's endpoints and platform. */
export const ProbeSite = defineMessage({
  kind: 'command',
  service: 'failover',
  name: 'probe-site',
  version: 1,
  description: "Check whether a cluster domain's site answers (its Tandem API endpoints and its platform), within a few seconds.",
  schema: obj({ ...protectCommandCommon, domain: domainName }),
});

export const SiteProbed = defineMessage({
  kind: 'event',
  service: 'failover',
  name: 'site-probed',
  version: 1,
  description: 'Whether the site answered, and what did not when it did not.',
  schema: obj({ ...protectAnswerCommon, output: obj({ domain: domainName, reachable: bool(), reason: opt(str({ max: 2_000 })), at: isoTime() }) }),
});

export const ProbeSiteFailed = defineMessage({
  kind: 'event',
  service: 'failover',
  name: 'probe-site-failed',
  version: 1,
  description: 'The site could not be probed (no ClusterPair names it).',
  schema: obj(protectFailure),
});

/**
 * On the site giving the application up (scoped to its domain): suspend the migration schedule, scale the
 * application down, wait until its pods are gone (its volumes released), then run a last-mile migration so the
 * other site gets everything written until the application stopped.
 */
export const PrepareSourceForFailover = defineMessage({
  kind: 'command',
  service: 'failover',
  name: 'prepare-source-for-failover',
  version: 1,
  scoped: true,
  description: 'On the source site: suspend the schedule, scale the application down, wait for its pods to go, run a last-mile migration.',
  schema: obj({
    ...protectCommandCommon,
    schedule: scheduleRefSchema,
    namespaces: arr(labelNameSchema, { min: 1, max: 1_000 }),
    selectors: labels,
    lastMile: bool(),
    /** How long the pods may take to stop. */
    releaseTimeoutSeconds: int({ min: 1, max: 3_600 }),
  }),
});

export const SourcePreparedForFailover = defineMessage({
  kind: 'event',
  service: 'failover',
  name: 'source-prepared-for-failover',
  version: 1,
  description: 'The source stopped serving: schedule suspended, workloads at zero, pods gone, last-mile migration done.',
  schema: obj({
    ...protectAnswerCommon,
    output: obj({
      domain: domainName,
      scheduleSuspended: bool(),
      /** The workloads scaled down, with the replicas they had (what a rollback scales back to). */
      scaledDown: arr(scaledWorkload, { max: 10_000 }),
      /** The last-mile migration, when one ran. */
      lastMigration: opt(obj({ name: labelNameSchema, status: str({ max: 32 }), takenAt: opt(isoTime()), reason: opt(str({ max: 4_000 })) })),
    }),
  }),
});

export const PrepareSourceForFailoverFailed = defineMessage({
  kind: 'event',
  service: 'failover',
  name: 'prepare-source-for-failover-failed',
  version: 1,
  description: 'The source could not be stopped cleanly; whatever it scaled down it scaled back up.',
  schema: obj(protectFailure),
});

/** Undo of prepare-source: scale the application back to the replicas recorded, resume the schedule. */
export const RestoreSourceAfterFailover = defineMessage({
  kind: 'command',
  service: 'failover',
  name: 'restore-source-after-failover',
  version: 1,
  scoped: true,
  description: 'On the source site, after a failover that did not complete: scale the application back up and resume its schedule.',
  schema: obj({ ...protectCommandCommon, schedule: scheduleRefSchema, workloads: arr(scaledWorkload, { max: 10_000 }) }),
});

export const SourceRestoredAfterFailover = defineMessage({
  kind: 'event',
  service: 'failover',
  name: 'source-restored-after-failover',
  version: 1,
  description: 'The source serves again as before the failover began.',
  schema: obj({ ...protectAnswerCommon, output: obj({ domain: domainName, scaledUp: arr(scaledWorkload, { max: 10_000 }), scheduleResumed: bool() }) }),
});

export const RestoreSourceAfterFailoverFailed = defineMessage({
  kind: 'event',
  service: 'failover',
  name: 'restore-source-after-failover-failed',
  version: 1,
  description: 'The source could not be brought back; the reason says what a person must do.',
  schema: obj(protectFailure),
});

/** Activate or deactivate a cluster domain (fencing): the saga's form of POST /v1/clusterdomains/:name/(de)activate. */
export const SetDomainActive = defineMessage({
  kind: 'command',
  service: 'failover',
  name: 'set-domain-active',
  version: 1,
  description: "Activate or deactivate (fence) a cluster domain: its epoch is raised and its agents told; idempotent.",
  schema: obj({ ...protectCommandCommon, domain: domainName, active: bool(), reason: str({ max: 500 }) }),
});

export const DomainActiveSet = defineMessage({
  kind: 'event',
  service: 'failover',
  name: 'domain-active-set',
  version: 1,
  description: "The domain's state and epoch now (changed, or already so).",
  schema: obj({ ...protectAnswerCommon, output: obj({ domain: domainName, active: bool(), epoch: int({ min: 0 }), changed: bool() }) }),
});

export const SetDomainActiveFailed = defineMessage({
  kind: 'event',
  service: 'failover',
  name: 'set-domain-active-failed',
  version: 1,
  description: 'The domain could not be activated or deactivated.',
  schema: obj(protectFailure),
});

/** Make the migrated application run on this site: workloads back to their recorded replicas, wait until ready. */
export const ActivateApplications = defineMessage({
  kind: 'command',
  service: 'migration',
  name: 'activate-applications',
  version: 1,
  description: 'Scale the migrated workloads of the namespaces up to their recorded replicas and wait until they are ready.',
  schema: obj({
    ...protectCommandCommon,
    namespaces: arr(labelNameSchema, { min: 1, max: 1_000 }),
    selectors: labels,
    action: oneOf(['activate', 'deactivate'] as const),
    /** activate: how long the workloads may take to become ready. */
    readyTimeoutSeconds: int({ min: 1, max: 3_600 }),
  }),
});

export const ApplicationsActivated = defineMessage({
  kind: 'event',
  service: 'migration',
  name: 'applications-activated',
  version: 1,
  description: 'The workloads run (activate: ready) or are at zero (deactivate); each with its replicas.',
  schema: obj({
    ...protectAnswerCommon,
    output: obj({ action: oneOf(['activate', 'deactivate'] as const), workloads: arr(obj({ kind: str({ max: 63 }), namespace: labelNameSchema, name: str({ max: 253 }), replicas: int({ min: 0 }), ready: int({ min: 0 }) }), { max: 10_000 }), readyAt: isoTime() }),
  }),
});

export const ActivateApplicationsFailed = defineMessage({
  kind: 'event',
  service: 'migration',
  name: 'activate-applications-failed',
  version: 1,
  description: 'The application could not be activated (fenced, or not ready in time: the reason names the workload).',
  schema: obj(protectFailure),
});
