/** Injection tokens of the coordinator's module. */
export const ENGINE = Symbol('ENGINE');
export const TIMERS = Symbol('TIMERS');
