/** Injection tokens of the failover service's module. */
export const FAILOVER_CONFIG = Symbol('FAILOVER_CONFIG');
export const PAIR_CHECKER = Symbol('PAIR_CHECKER');
