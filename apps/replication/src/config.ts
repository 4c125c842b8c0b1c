import { env, readConfig, serviceRuntimeConfig, siteConfig } from '@tandem/service';

/** The replication service's configuration; the only reader of process.env. Bad values stop the boot with the reason. */
export const loadConfig = (source: NodeJS.ProcessEnv = process.env) =>
  readConfig(
    {
      ...serviceRuntimeConfig,
      /** This site's cluster domain. */
      domain: siteConfig.domain,
      /** How often the RPO of every application is compared with its limit (twice its schedule's interval). */
      rpoCheckMs: env.int('TANDEM_REPLICATION_RPO_CHECK_MS', { default: 5_000, min: 50, max: 3_600_000 }),
    },
    source,
  );
export type ReplicationConfig = ReturnType<typeof loadConfig>;
