/** Injection tokens of the snapshot service's module. */
export const LOGGER = Symbol('SNAPSHOT_LOGGER');
