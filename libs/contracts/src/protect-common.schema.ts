import { labelNameSchema, objectNameSchema } from './kubernetes-names.schema';
import { requestIdSchema } from './agent-identity.schema';
import { sagaRefSchema } from './saga-ref';
import { bool, obj, opt, str } from './schema';
import type { Infer } from './schema';

/**
 * What every command of the protect path carries: an idempotency key (the same `requestId` is one piece of work,
 * however often it is sent) and, when a saga sent it, the step that asked (echoed in the answer).
 */
export const protectCommandCommon = { requestId: requestIdSchema, sagaRef: opt(sagaRefSchema) };

/** The answer's echo of the same. */
export const protectAnswerCommon = { requestId: requestIdSchema, sagaRef: opt(sagaRefSchema) };

/** A failure answer: what went wrong, for a person, and whether trying again may help. */
export const protectFailure = { ...protectAnswerCommon, reason: str({ max: 4_000 }), retryable: bool() };

/** A namespaced object by name, e.g. a PersistentVolumeClaim. */
export const namespacedNameSchema = obj({ namespace: labelNameSchema, name: objectNameSchema });
export type NamespacedName = Infer<typeof namespacedNameSchema>;

/** A key of a Kubernetes Secret on this site (the whole Secret when `key` is absent): credentials are only referenced. */
export const secretKeyRefSchema = obj({ namespace: labelNameSchema, name: objectNameSchema, key: opt(str({ max: 253 })) });
export type SecretKeyRef = Infer<typeof secretKeyRefSchema>;
