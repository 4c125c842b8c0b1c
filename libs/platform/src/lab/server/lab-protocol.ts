import { type Schema, arr, bool, int, json, obj, oneOf, opt, record, str } from '@tandem/contracts';
import { describeRef, type ObjectRef } from '../../model/kube-object';
import { PlatformError, type PlatformErrorReason } from '../../platform.errors';

/**
 * The wire protocol between `LabPlatform` and `LabSiteServer`: one POST per port operation, JSON bodies
 * checked at the server, `{ result }` on success and `{ error: { reason, message, detail, ref } }` otherwise,
 * with the HTTP status of the Kubernetes API for the same reason.
 */
export const LAB_API_PREFIX = '/v1';
export const MAX_BODY_BYTES = 32 * 1024 * 1024;

const name = str({ max: 253 });
const ref = obj({ apiVersion: str({ max: 253 }), kind: str({ max: 63 }), name, namespace: opt(str({ max: 63 })) });
const selector = obj({
  matchLabels: opt(record(str({ min: 0, max: 63 }))),
  matchExpressions: opt(arr(obj({ key: str({ max: 317 }), operator: oneOf(['In', 'NotIn', 'Exists', 'DoesNotExist'] as const), values: opt(arr(str({ min: 0, max: 63 }))) }), { max: 100 })),
});

export const REQUESTS = {
  discover: obj({}),
  list: obj({ type: obj({ group: str({ min: 0, max: 253 }), version: str({ max: 63 }), kind: str({ max: 63 }) }, { allowUnknown: true }), namespace: opt(str({ max: 63 })), labelSelector: opt(selector) }),
  get: obj({ ref }),
  apply: obj({ object: json(), fieldManager: str({ max: 128 }), force: opt(bool()), dryRun: opt(bool()) }),
  delete: obj({ ref }),
  scale: obj({ ref, replicas: int({ min: 0, max: 1_000_000 }) }),
  'workload-status': obj({ ref }),
  exec: obj({
    namespace: str({ max: 63 }),
    podSelector: selector,
    command: arr(str({ min: 0, max: 1_000_000 }), { max: 10_000 }),
    single: opt(bool()),
    container: opt(str({ max: 63 })),
    timeoutMs: int({ min: 1, max: 24 * 3600 * 1000 }),
  }),
  volumes: obj({ namespace: str({ max: 63 }), claimNames: opt(arr(name)) }),
  'snapshot-volumes': obj({ namespace: str({ max: 63 }), claims: arr(name, { max: 1_000 }), snapshotName: str({ max: 63, pattern: /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/ }) }),
} satisfies Record<string, Schema<unknown>>;

export type LabOperation = keyof typeof REQUESTS;

export const STATUS_OF: Record<PlatformErrorReason, number> = {
  Invalid: 422,
  Immutable: 422,
  Forbidden: 403,
  Conflict: 409,
  NotFound: 404,
  AlreadyExists: 409,
  Timeout: 504,
  Unavailable: 503,
};

export interface WireError {
  reason: PlatformErrorReason;
  /** The whole message, as the error's `message`. */
  message: string;
  /** The message without the object named in front (what the PlatformError was constructed with). */
  detail: string;
  ref?: ObjectRef;
}

export function toWireError(error: PlatformError): WireError {
  const prefix = error.ref ? `${describeRef(error.ref)}: ` : '';
  const detail = prefix && error.message.startsWith(prefix) ? error.message.slice(prefix.length) : error.message;
  return { reason: error.reason, message: error.message, detail, ...(error.ref ? { ref: error.ref } : {}) };
}

const REASONS = new Set<string>(Object.keys(STATUS_OF));

/** The PlatformError a wire error stands for, with the same message (and ref) as at the server. */
export function fromWireError(wire: unknown, status: number, site: string): PlatformError {
  const error = (wire as { error?: Partial<WireError> } | undefined)?.error;
  if (error && typeof error.reason === 'string' && REASONS.has(error.reason) && typeof error.detail === 'string') {
    return new PlatformError(error.reason as PlatformErrorReason, error.detail, error.ref ? { ref: error.ref } : {});
  }
  const message = typeof error?.message === 'string' ? error.message : `HTTP ${status}`;
  if (status === 401) return new PlatformError('Forbidden', `lab site ${site} refused the request: ${message} (is the token the one in the site's token file?)`);
  return new PlatformError('Unavailable', `lab site ${site} failed: ${message}`);
}
