import { readConfig, serviceRuntimeConfig, siteConfig } from '@tandem/service';

/** The snapshot service's configuration; the only reader of process.env. Bad values stop the boot with the reason. */
export const loadConfig = (source: NodeJS.ProcessEnv = process.env) =>
  readConfig(
    {
      ...serviceRuntimeConfig,
      /** This site's cluster domain. */
      domain: siteConfig.domain,
      /** This site's platform: where the rules run and the volumes are captured. */
      platform: siteConfig.platform,
    },
    source,
  );
export type SnapshotConfig = ReturnType<typeof loadConfig>;
