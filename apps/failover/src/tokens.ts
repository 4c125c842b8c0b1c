/** Injection tokens of the failover service's module. */
export const FAILOVER_CONFIG = Symbol('FAILOVER_CONFIG');
export const PAIR_CHECKER = Symbol('PAIR_CHECKER');
/** This site's platform (TANDEM_PLATFORM), where the Secrets given with the pairs are applied. */
export const SITE_PLATFORM = Symbol('SITE_PLATFORM');
/** The source side of failovers on this site (suspend, scale down, last mile; and back). */
export const SOURCE_SITE = Symbol('SOURCE_SITE');
