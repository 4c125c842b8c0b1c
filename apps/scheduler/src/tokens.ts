/** Injection tokens of the scheduler's module. */
export const FIRING_LOOP = Symbol('FIRING_LOOP');
