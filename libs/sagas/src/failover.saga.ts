import { createHash } from 'node:crypto';
import {
  ActivateApplications,
  bool,
  domainName,
  int,
  labelNameSchema,
  obj,
  objectNameSchema,
  PrepareSourceForFailover,
  ProbeSite,
  record,
  RestoreSourceAfterFailover,
  SetDomainActive,
  arr,
  str,
  type ApplicationsActivated,
  type DataOf,
  type DomainActiveSet,
  type Infer,
  type SiteProbed,
  type SourcePreparedForFailover,
} from '@tandem/contracts';
import { defineStepSaga, type StepContext } from './step-saga';

/** One failover of a protected application to this site: what `tandemctl failover -m <schedule>` asks for. */
export const failoverInput = obj({
  /** Names the failover (and its saga): `<schedule>-failover-<UTC timestamp>`. */
  failover: labelNameSchema,
  /** The migration schedule protecting the application (on the source site), by namespace and name. */
  namespace: labelNameSchema,
  schedule: objectNameSchema,
  /** The domain giving the application up, and this site's. */
  sourceDomain: domainName,
  destinationDomain: domainName,
  /** The application's namespaces, after --include-namespaces / --exclude-namespaces. */
  namespaces: arr(labelNameSchema, { min: 1, max: 1_000 }),
  selectors: record(str({ min: 0, max: 63 })),
  /** Do nothing on the source (it is gone, or a person has stopped it): fence it and activate here. */
  skipSourceOperations: bool(),
  /** How long the source's pods may take to stop, and the application here to become ready. */
  releaseTimeoutSeconds: int({ min: 1, max: 3_600 }),
  readyTimeoutSeconds: int({ min: 1, max: 3_600 }),
});
export type FailoverInput = Infer<typeof failoverInput>;

/** The id of a failover's saga: `failover_<namespace>_<failover>`, or a digest of both when that is longer than 64. */
export function failoverSagaId(namespace: string, failover: string): string {
  const plain = `failover_${namespace}_${failover}`;
  if (plain.length <= 64) return plain;
  return `failover_${createHash('sha256').update(`${namespace}/${failover}`).digest('hex').slice(0, 40)}`;
}

export interface FailoverOutputs {
  'probe-source'?: DataOf<typeof SiteProbed>['output'];
  'prepare-source'?: DataOf<typeof SourcePreparedForFailover>['output'];
  'fence-source'?: DataOf<typeof DomainActiveSet>['output'];
  'activate-destination'?: DataOf<typeof DomainActiveSet>['output'];
  'activate-application'?: DataOf<typeof ApplicationsActivated>['output'];
}

const outputsOf = (ctx: StepContext<FailoverInput>): FailoverOutputs => ctx.outputs as FailoverOutputs;
const requestId = (ctx: StepContext<FailoverInput>, step: string) => `${ctx.sagaId}.${step}`;
const LAST_MILE_BUDGET_S = 600;

/** Whether the source is there to be stopped cleanly: asked for, and it answered the probe. */
const sourceAnswers = (ctx: StepContext<FailoverInput>) => !ctx.input.skipSourceOperations && outputsOf(ctx)['probe-source']?.reachable === true;

/**
 * The failover saga (ARCHITECTURE §4), run on the site taking over; it needs nothing of the source to complete.
 * probe the source → if it answers: suspend its schedule, scale it down, wait until its pods released their
 * volumes, last-mile migration (on the source, through its failover service) → fence the source (deactivate its
 * domain: epoch raised, its agents told, its site refuses to start the application) → activate this site's domain
 * (nothing to do for a standby that was never fenced; a failback to a primary fenced by its failover lifts the
 * fence) → activate the application here and wait until it is ready. A failure after the source was stopped undoes in reverse: the source's domain
 * is activated again and the application scaled back up there. RTO is the saga's duration.
 */
export const FAILOVER_SAGA = defineStepSaga<FailoverInput>({
  name: 'failover',
  input: failoverInput,
  steps: [
    {
      name: 'probe-source',
      command: (ctx) => ({ message: ProbeSite, data: { requestId: requestId(ctx, 'probe-source'), domain: ctx.input.sourceDomain } }),
      skip: (ctx) => ctx.input.skipSourceOperations,
      timeoutMs: 20_000,
      retry: { maxAttempts: 2, backoffMs: [1_000] },
    },
    {
      name: 'prepare-source',
      command: (ctx) => ({
        message: PrepareSourceForFailover,
        scope: ctx.input.sourceDomain,
        data: {
          requestId: requestId(ctx, 'prepare-source'),
          schedule: { namespace: ctx.input.namespace, name: ctx.input.schedule },
          namespaces: ctx.input.namespaces,
          selectors: ctx.input.selectors,
          lastMile: true,
          releaseTimeoutSeconds: ctx.input.releaseTimeoutSeconds,
        },
      }),
      compensate: (ctx) => ({
        message: RestoreSourceAfterFailover,
        scope: ctx.input.sourceDomain,
        data: {
          requestId: requestId(ctx, 'restore-source'),
          schedule: { namespace: ctx.input.namespace, name: ctx.input.schedule },
          workloads: outputsOf(ctx)['prepare-source']?.scaledDown ?? [],
        },
      }),
      skip: (ctx) => !sourceAnswers(ctx),
      timeoutMs: (input) => (input.releaseTimeoutSeconds + LAST_MILE_BUDGET_S) * 1000,
      retry: { maxAttempts: 1, backoffMs: [0] },
    },
    {
      name: 'fence-source',
      command: (ctx) => ({
        message: SetDomainActive,
        data: { requestId: requestId(ctx, 'fence-source'), domain: ctx.input.sourceDomain, active: false, reason: `failover ${ctx.input.failover} to ${ctx.input.destinationDomain}` },
      }),
      compensate: (ctx) => ({
        message: SetDomainActive,
        data: { requestId: requestId(ctx, 'unfence-source'), domain: ctx.input.sourceDomain, active: true, reason: `failover ${ctx.input.failover} did not complete` },
      }),
      timeoutMs: 30_000,
      retry: { maxAttempts: 5, backoffMs: [1_000, 5_000] },
    },
    {
      name: 'activate-destination',
      command: (ctx) => ({
        message: SetDomainActive,
        data: {
          requestId: requestId(ctx, 'activate-destination'),
          domain: ctx.input.destinationDomain,
          active: true,
          reason: `failover ${ctx.input.failover} from ${ctx.input.sourceDomain}`,
        },
      }),
      timeoutMs: 30_000,
      retry: { maxAttempts: 5, backoffMs: [1_000, 5_000] },
    },
    {
      name: 'activate-application',
      command: (ctx) => ({
        message: ActivateApplications,
        data: {
          requestId: requestId(ctx, 'activate-application'),
          namespaces: ctx.input.namespaces,
          selectors: ctx.input.selectors,
          action: 'activate',
          readyTimeoutSeconds: ctx.input.readyTimeoutSeconds,
        },
      }),
      timeoutMs: (input) => (input.readyTimeoutSeconds + 30) * 1000,
      retry: { maxAttempts: 2, backoffMs: [2_000] },
    },
  ],
});
