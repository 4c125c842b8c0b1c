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

/** The reverse pair, created on dr-site towards the primary: for probing the source and for failing back. */
export const REVERSE_CLUSTER_PAIR = 'primary';
/** The reverse schedule, declared on dr-site after a failover: protects appns back to the primary, for a failback. */
export const REVERSE_MIGRATION_SCHEDULE = 'appns-protect-back';

/** Every app of a site's control plane, in start order. */
export const SITE_APPS: readonly AppName[] = ['scheduler', 'coordinator', 'failover', 'snapshot', 'replication', 'migration', 'agent'];

/** Where a planned service learns the URLs of the lab's services (known before any starts). */
export interface PlannedUrls {
  /** This service's own base URL. */
  url: string;
  /** The base URL of `<site>/<app>` when it is planned to run. */
  urlOf: (site: SiteName, app: AppName) => string | undefined;
}

/** One service process of the lab: which app, on which site (its bus is the site's), with which extra settings. */
export interface PlannedService {
  /** `<site>/<app>`, e.g. `primary/scheduler`. */
  key: string;
  site: SiteName;
  app: AppName;
  /** Database name (without the lab's prefix). */
  database: string;
  /** Settings beyond the ones every service gets (filled in once every port is allocated). */
  extraEnv: (urls: PlannedUrls) => Record<string, string>;
}

export interface PlanInput {
  dir: string;
  primarySiteDir: string;
  drSiteDir: string;
  secretsDir: string;
  /** A 32-byte repository key (base64), the same for both domains' agents. */
  repositoryKey: string;
  schedulerTickMs: number;
  /**
   * Metro: dr-site's failover service offers no object store, so the pair it generates for the primary is a metro
   * pair (the sites share stretched storage; no volume data moves).
   */
  metro?: boolean;
}

/** The database name prefix of a site's services (`primary_scheduler`, `dr_scheduler`, …). */
export const siteDatabasePrefix = (site: SiteName): string => (site === PRIMARY ? 'primary' : 'dr');

/**
 * The object store both sites' failover services offer to the sites pairing with them (a directory of the lab): one
 * repository, so that reverse replication (dr-site → primary) deduplicates against the chunks the primary uploaded
 * and moves only what changed.
 */
export const objectStoreDir = (dir: string): string => join(dir, 'object-store');

/**
 * Every service process of the lab, primary's first: each site runs the whole control plane (scheduler,
 * coordinator, failover, snapshot, replication, migration, agent) on its own bus, platform and databases.
 */
export function planServices(input: PlanInput): PlannedService[] {
  const siteDirOf = (site: SiteName) => (site === PRIMARY ? input.primarySiteDir : input.drSiteDir);
  const appEnv = (site: SiteName, app: AppName, urls: PlannedUrls): Record<string, string> => {
    const siteDir = siteDirOf(site);
    if (app === 'agent') {
      return {
        TANDEM_AGENT_DOMAIN: site,
        TANDEM_AGENT_NODE: `${site}-node`,
        TANDEM_AGENT_VOLUMES_DIR: join(siteDir, 'volumes'),
        TANDEM_AGENT_DATA_DIR: join(input.dir, 'agents', site),
        TANDEM_AGENT_SECRETS_DIR: input.secretsDir,
        TANDEM_AGENT_HEARTBEAT_MS: '1000',
        TANDEM_SECRET_REPOSITORY_KEY: input.repositoryKey,
      };
    }
    const common = { TANDEM_DOMAIN: site, TANDEM_PLATFORM: `lab:${siteDir}` };
    if (app === 'scheduler') return { ...common, TANDEM_SCHEDULER_TICK_INTERVAL_MS: String(input.schedulerTickMs) };
    if (app !== 'failover') return common;
    const scheduler = urls.urlOf(site, 'scheduler');
    const coordinator = urls.urlOf(site, 'coordinator');
    return {
      ...common,
      TANDEM_FAILOVER_AGENT_SECRETS_DIR: input.secretsDir,
      TANDEM_FAILOVER_PUBLIC_URL: urls.url,
      ...(input.metro && site === DR_SITE ? {} : { TANDEM_FAILOVER_OBJECT_STORE: `filesystem:${objectStoreDir(input.dir)}` }),
      ...(scheduler ? { TANDEM_FAILOVER_SCHEDULER_URL: scheduler } : {}),
      ...(coordinator ? { TANDEM_FAILOVER_COORDINATOR_URL: coordinator } : {}),
    };
  };
  return ([PRIMARY, DR_SITE] as const).flatMap((site) =>
    SITE_APPS.map((app) => ({
      key: `${site}/${app}`,
      site,
      app,
      database: `${siteDatabasePrefix(site)}_${app}`,
      extraEnv: (urls: PlannedUrls) => appEnv(site, app, urls),
    })),
  );
}
