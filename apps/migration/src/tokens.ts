/** Injection tokens of the migration service's module. */
export const SITE = Symbol('SITE');
export const DESTINATIONS = Symbol('DESTINATIONS');
export const MIGRATION_SETTINGS = Symbol('MIGRATION_SETTINGS');
export const LOGGER = Symbol('LOGGER');

/** What the handlers need of the configuration. */
export interface MigrationSettings {
  bindTimeoutMs: number;
}
