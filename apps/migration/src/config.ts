import { env, readConfig, serviceRuntimeConfig, siteConfig } from '@tandem/service';

/** The migration service's configuration; the only reader of process.env. Bad values stop the boot with the reason. */
export const loadConfig = (source: NodeJS.ProcessEnv = process.env) =>
  readConfig(
    {
      ...serviceRuntimeConfig,
      /** This site's cluster domain. */
      domain: siteConfig.domain,
      /** This site's platform: where applications are collected from and destination Secrets are read. */
      platform: siteConfig.platform,
      /** How long prepare-destination-volumes waits for the claims to be bound on the destination. */
      bindTimeoutMs: env.int('TANDEM_MIGRATION_BIND_TIMEOUT_MS', { default: 120_000, min: 100, max: 3_600_000 }),
    },
    source,
  );
export type MigrationConfig = ReturnType<typeof loadConfig>;
