import { join } from 'node:path';

/** The two sites of the lab and the cluster domains they are. */
export const PRIMARY = 'primary';
export const DR_SITE = 'dr-site';
export type SiteName = typeof PRIMARY | typeof DR_SITE;

/** The namespace of the protected application and the names of the DR resources that protect it. */
export const APP_NAMESPACE = 'appns';
export const CLUSTER_PAIR = 'dr-site';
export const SCHEDULE_POLICY = 'every-5s';
export const MIGRATION_SCHEDULE = 'appns-protect';

export type AppName = 'scheduler' | 'coordinator' | 'failover' | 'snapshot' | 'replication' | 'migration' | 'agent';

/** One service process of the lab: which app, on which site (its bus is the site's), with which extra settings. */
export interface PlannedService {
  /** `<site>/<app>`, e.g. `primary/scheduler`. */
  key: string;
  site: SiteName;
  app: AppName;
  /** Database name (without the lab's prefix). */
  database: string;
  /** Settings beyond the ones every service gets (filled in once ports are known, see `extraEnv`). */
  extraEnv: (self: { url: string }) => Record<string, string>;
}

export interface PlanInput {
  dir: string;
  primarySiteDir: string;
  drSiteDir: string;
  secretsDir: string;
  /** A 32-byte repository key (base64), the same for both domains' agents. */
  repositoryKey: string;
  schedulerTickMs: number;
}

/** Every service process of the lab, primary's first. */
export function planServices(input: PlanInput): PlannedService[] {
  const primaryPlatform = `lab:${input.primarySiteDir}`;
  const drPlatform = `lab:${input.drSiteDir}`;
  const primary = (app: AppName, extra: Record<string, string> = {}): PlannedService => ({
    key: `${PRIMARY}/${app}`,
    site: PRIMARY,
    app,
    database: `primary_${app}`,
    extraEnv: () => ({ TANDEM_DOMAIN: PRIMARY, TANDEM_PLATFORM: primaryPlatform, ...extra }),
  });
  const agent = (site: SiteName, siteDir: string, database: string): PlannedService => ({
    key: `${site}/agent`,
    site,
    app: 'agent',
    database,
    extraEnv: () => ({
      TANDEM_AGENT_DOMAIN: site,
      TANDEM_AGENT_NODE: `${site}-node`,
      TANDEM_AGENT_VOLUMES_DIR: join(siteDir, 'volumes'),
      TANDEM_AGENT_DATA_DIR: join(input.dir, 'agents', site),
      TANDEM_AGENT_SECRETS_DIR: input.secretsDir,
      TANDEM_AGENT_HEARTBEAT_MS: '1000',
      TANDEM_SECRET_REPOSITORY_KEY: input.repositoryKey,
    }),
  });
  return [
    primary('scheduler', { TANDEM_SCHEDULER_TICK_INTERVAL_MS: String(input.schedulerTickMs) }),
    primary('coordinator'),
    primary('failover', { TANDEM_FAILOVER_AGENT_SECRETS_DIR: input.secretsDir }),
    primary('snapshot'),
    primary('replication'),
    primary('migration'),
    agent(PRIMARY, input.primarySiteDir, 'primary_agent'),
    agent(DR_SITE, input.drSiteDir, 'dr_agent'),
    {
      key: `${DR_SITE}/failover`,
      site: DR_SITE,
      app: 'failover',
      database: 'dr_failover',
      extraEnv: (self) => ({
        TANDEM_DOMAIN: DR_SITE,
        TANDEM_PLATFORM: drPlatform,
        TANDEM_FAILOVER_PUBLIC_URL: self.url,
        TANDEM_FAILOVER_OBJECT_STORE: `filesystem:${join(input.dir, 'object-store')}`,
      }),
    },
  ];
}
