import { arr, bool, type Infer, int, labelNameSchema, objectNameSchema, obj, opt } from '@tandem/contracts';
import { type FailoverInput, failoverInput } from '@tandem/sagas';
import { timestampedName } from '../source/last-mile';
import type { ProtectedApplication } from './protected-applications.store';

/** POST /v1/failovers: what `tandemctl failover` sends. */
export const failoverRequest = obj({
  namespace: labelNameSchema,
  migrationSchedule: objectNameSchema,
  includeNamespaces: opt(arr(labelNameSchema, { min: 1, max: 1_000 })),
  excludeNamespaces: opt(arr(labelNameSchema, { min: 1, max: 1_000 })),
  skipSourceOperations: opt(bool()),
  releaseTimeoutSeconds: opt(int({ min: 1, max: 3_600 })),
  readyTimeoutSeconds: opt(int({ min: 1, max: 3_600 })),
});
export type FailoverRequest = Infer<typeof failoverRequest>;

export const DEFAULT_RELEASE_TIMEOUT_S = 60;
export const DEFAULT_READY_TIMEOUT_S = 180;

/** `<schedule>-failover-<yyyymmddhhmmss>`, at most 63 characters. */
export const failoverName = (schedule: string, at: Date): string => timestampedName(schedule, 'failover', at);

/**
 * The failover saga's input for a request and the protected application it names; or the field that is wrong and
 * why. Included namespaces must be the application's; what is left after the exclusions must not be empty.
 */
export function failoverInputFor(request: FailoverRequest, app: ProtectedApplication, at: Date): { ok: true; input: FailoverInput } | { ok: false; problem: string } {
  const known = new Set(app.namespaces);
  const foreign = (request.includeNamespaces ?? []).filter((n) => !known.has(n));
  if (foreign.length > 0) {
    return { ok: false, problem: `includeNamespaces: ${foreign.join(', ')} ${foreign.length === 1 ? 'is' : 'are'} not among the namespaces schedule ${app.namespace}/${app.schedule} protects (${app.namespaces.join(', ')})` };
  }
  const included = request.includeNamespaces ? app.namespaces.filter((n) => request.includeNamespaces!.includes(n)) : app.namespaces;
  const excluded = new Set(request.excludeNamespaces ?? []);
  const namespaces = included.filter((n) => !excluded.has(n));
  if (namespaces.length === 0) {
    return { ok: false, problem: `excludeNamespaces: no namespace is left to fail over (the schedule protects ${app.namespaces.join(', ')}): exclude fewer` };
  }
  const input = {
    failover: failoverName(app.schedule, at),
    namespace: app.namespace,
    schedule: app.schedule,
    sourceDomain: app.sourceDomain,
    destinationDomain: app.destinationDomain,
    namespaces,
    selectors: app.selectors,
    skipSourceOperations: request.skipSourceOperations ?? false,
    releaseTimeoutSeconds: request.releaseTimeoutSeconds ?? DEFAULT_RELEASE_TIMEOUT_S,
    readyTimeoutSeconds: request.readyTimeoutSeconds ?? DEFAULT_READY_TIMEOUT_S,
  };
  const checked = failoverInput.parse(input, 'failover');
  return checked.ok ? { ok: true, input: checked.value } : { ok: false, problem: checked.reason };
}
