/** Injection tokens of the replication service's module. */
export const RPO_WATCH = Symbol('RPO_WATCH');
