import { randomBytes } from 'node:crypto';
import { Client } from 'pg';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { chmod, mkdir, rm } from 'node:fs/promises';
import { isAbsolute, join } from 'node:path';
import { DOMAIN_FENCE_REF, LAB_STRETCHED_STORAGE_CLASS, LabPlatform, type ObjectRef, type Platform } from '@tandem/platform';
import {
  freePort,
  type LinkProxy,
  type NatsServerHandle,
  type PostgresCluster,
  startLinkProxy,
  REPO_ROOT,
  type ServiceProcess,
  startNatsServer,
  startPostgresCluster,
  startServiceProcess,
  uniqueName,
  waitFor,
} from '@tandem/testing';
import { createLabDatabases, dropLabDatabases } from '../lab-databases';
import { getJson, postJson, postYaml } from './lab-http';
import { LabSiteServer } from './lab-site.server-process';
import { type ClusterPairView, LAB_FIELD_MANAGER, pairSites } from './pair-sites';
import { LEDGER_TABLE_SQL, type PostgresAppSpec, postgresApplication, postgresWriter } from './postgres-app.manifests';
import { findPostgresBinDir } from './postgres-bin-dir';
import { type PostgresOnCopy, startPostgresOnCopy } from './postgres-copy';
import { ruleDocuments, scheduleDocuments } from './protect-resources.yaml';
import {
  APP_NAMESPACE,
  type AppName,
  CLUSTER_PAIR,
  DR_SITE,
  MIGRATION_SCHEDULE,
  objectStoreDir,
  planServices,
  PRIMARY,
  REVERSE_CLUSTER_PAIR,
  REVERSE_MIGRATION_SCHEDULE,
  SCHEDULE_POLICY,
  type SiteName,
  siteDatabasePrefix,
} from './two-site.plan';
import { readWriterAcks, type WriterAck } from './writer-acks';
import { type MigrationView } from './migration.view';
import { psqlIn } from './app-psql';
import { type FailoverRequest, type FailoverStarted, type FailoverView, type ProtectedApplicationView } from './failover.view';

export interface TwoSiteLabOptions {
  /** Absolute directory the lab lives in (sites, logs, NATS store, object store, acks file); made afresh by start(). */
  dir: string;
  /** PostgreSQL server for Tandem's own databases (when `databases` is `shared`); default a throwaway cluster in `<dir>/postgres`. */
  databaseUrl?: string;
  /**
   * `shared`: both sites' service databases on one server (`databaseUrl`); `per-site`: each site its own throwaway
   * PostgreSQL cluster in `<dir>/postgres-sites/<site>`, which dies with the site (`killSite`). Default `shared`
   * when `databaseUrl` is given, `per-site` otherwise.
   */
  databases?: 'shared' | 'per-site';
  /** Prefix of the lab's database names (`<prefix>_primary_scheduler` …); default `tandem_lab2`. */
  databasePrefix?: string;
  /** Keep the databases when stopping (they are dropped by default). */
  keepDatabases?: boolean;
  /** Names this run (bus prefixes `<run>-primary`, `<run>-dr`); lowercase letters, digits, `_`; default a unique one. */
  runName?: string;
  /** Declare the SchedulePolicy every-5s and the MigrationSchedule appns-protect (default true). */
  schedule?: boolean;
  /** Directory of initdb, postgres and psql; default found in `searchPath`, then /usr/lib/postgresql/<major>/bin. */
  postgresBinDir?: string;
  /** Directories searched for the PostgreSQL binaries (the caller's PATH). */
  searchPath?: string[];
  /** TANDEM_LOG_LEVEL of the services (default warn). */
  logLevel?: string;
  /** Told each step as it starts, for a person watching. */
  onProgress?: (line: string) => void;
  /**
   * Metro: both sites share stretched storage (`<dir>/stretched`, the StorageClass `lab-stretched`), the
   * application's claim is on it, dr-site's failover service offers no object store (the pair is a metro pair) and
   * the schedule copies no volumes (includeVolumes false). Default false.
   */
  metro?: boolean;
}

const SERVICE_READY_TIMEOUT_MS = 300_000;
const WORKLOAD_READY_TIMEOUT_MS = 120_000;
const PAIR_READY_TIMEOUT_MS = 60_000;
const WRITER_INTERVAL_MS = 20;

/**
 * Tandem on two lab sites on this machine, protecting a PostgreSQL application: PostgreSQL for Tandem's databases
 * (one server, or one per site), the sites `primary` and `dr-site` (each served by a `lab-site serve` process, each
 * with its own nats-server, linked), on each site the whole control plane (scheduler, coordinator, failover,
 * snapshot, replication, migration, agent), the sites paired both ways (`dr-site` on the primary, `primary` on
 * dr-site), PostgreSQL with a writer in namespace appns on the primary, the rules, and (unless `schedule: false`) a
 * schedule protecting appns every 5 s. Services whose app does not exist in this checkout are left out and listed
 * in `absent`; what depends on them is skipped.
 */
export class TwoSiteLab {
  readonly dir: string;
  readonly runName: string;
  readonly acksFile: string;
  /** Apps not started because their entry point does not exist (`<site>/<app>`). */
  readonly absent: string[] = [];
  /** Base URLs of the running services by `<site>/<app>`. */
  readonly urls: Record<string, string> = {};
  /** The cluster pair as the primary's failover service showed it Ready, when paired. */
  pair: ClusterPairView | undefined;
  /** The reverse pair (`primary`, towards the primary) as dr-site's failover service showed it Ready. */
  reversePair: ClusterPairView | undefined;
  /** Sites killed by killSite(): nothing of them runs any more. */
  readonly killed = new Set<SiteName>();

  private readonly services = new Map<string, ServiceProcess>();
  /** Connection URL of each service's database, by its name without the lab's prefix (`dr_replication`, …). */
  private readonly databases: Record<string, string> = {};
  private readonly sites = new Map<SiteName, LabSiteServer>();
  private readonly copies = new Set<PostgresOnCopy>();
  /** What stop() undoes, last first; a site's entries are dropped when the site is killed. */
  private readonly cleanups: { what: string; site?: SiteName; run: () => Promise<unknown> }[] = [];
  private readonly siteClusters = new Map<SiteName, PostgresCluster>();
  private readonly nats = new Map<SiteName, NatsServerHandle>();
  private siteLink: LinkProxy | undefined;
  private binDir = '';
  private stopped = false;
  private readonly reaper = (): void => this.reap();

  private constructor(private readonly options: TwoSiteLabOptions) {
    if (!isAbsolute(options.dir)) throw new Error(`the two-site lab's dir must be an absolute path: ${options.dir}`);
    const runName = options.runName ?? uniqueName('lab');
    if (!/^[a-z][a-z0-9_]{0,40}$/.test(runName)) throw new Error(`runName "${runName}" must be lowercase letters, digits and _, starting with a letter, at most 41 characters`);
    this.dir = options.dir;
    this.runName = runName;
    this.acksFile = join(options.dir, 'writer-acks.log');
  }

  /** The directory the sites of a metro lab share (their `lab-stretched` volumes). */
  get stretchedDir(): string {
    return join(this.dir, 'stretched');
  }

  /** Starts everything; on a failure, stops what was started and throws. */
  static async start(options: TwoSiteLabOptions): Promise<TwoSiteLab> {
    const lab = new TwoSiteLab(options);
    process.once('exit', lab.reaper);
    try {
      await lab.bringUp();
      return lab;
    } catch (error) {
      await lab.stop();
      throw error;
    }
  }

  private progress(line: string): void {
    this.options.onProgress?.(line);
  }

  private siteDir(site: SiteName): string {
    return join(this.dir, site);
  }

  private async bringUp(): Promise<void> {
    const dir = this.dir;
    for (const owned of [PRIMARY, DR_SITE, 'logs', 'agents', 'secrets', 'object-store', 'nats', 'copies', 'postgres-sites', 'stretched', 'writer-acks.log']) await rm(join(dir, owned), { recursive: true, force: true });
    await mkdir(join(dir, 'logs'), { recursive: true });
    // PostgreSQL (the application's and the copies') runs as the postgres OS user when we are root: it must traverse dir.
    await chmod(dir, 0o711);
    await mkdir(join(dir, 'secrets'), { recursive: true, mode: 0o700 });
    await mkdir(objectStoreDir(dir), { recursive: true });
    this.binDir = this.options.postgresBinDir ?? findPostgresBinDir(this.options.searchPath ?? []);

    const perSite = (this.options.databases ?? (this.options.databaseUrl ? 'shared' : 'per-site')) === 'per-site';
    const serverOf = new Map<SiteName, string>();
    if (perSite) {
      this.progress('starting PostgreSQL for Tandem on each site (throwaway clusters in the lab directory) ...');
      for (const site of [PRIMARY, DR_SITE] as const) {
        const cluster = await startPostgresCluster(join(dir, 'postgres-sites', site), { keepRunningOnExit: true });
        this.siteClusters.set(site, cluster);
        this.cleanups.push({ what: `PostgreSQL for Tandem on ${site}`, site, run: () => cluster.stop() });
        serverOf.set(site, cluster.url);
      }
    } else {
      let databaseUrl = this.options.databaseUrl;
      if (!databaseUrl) {
        this.progress('starting PostgreSQL for Tandem (a throwaway cluster in the lab directory) ...');
        const cluster = await startPostgresCluster(join(dir, 'postgres'));
        this.cleanups.push({ what: 'PostgreSQL for Tandem', run: () => cluster.stop() });
        databaseUrl = cluster.url;
      }
      for (const site of [PRIMARY, DR_SITE] as const) serverOf.set(site, databaseUrl);
    }

    // Each site has its own NATS JetStream server (its JetStream domain is the site's cluster domain) and its own
    // bus prefix; the DR site's server dials the primary's leaf-node port through a link the lab can cut. What one
    // site must learn from the other (commands scoped to its domain, the peer's events) is sourced across the link.
    this.progress('starting NATS JetStream for each site, linked by a leaf node ...');
    const primaryNats = await startNatsServer({ storeDir: join(dir, 'nats', PRIMARY, 'store'), name: `${this.runName}-nats-primary`, jetstreamDomain: PRIMARY, leafListenPort: 0 });
    this.nats.set(PRIMARY, primaryNats);
    this.cleanups.push({ what: 'nats-server of primary', site: PRIMARY, run: () => primaryNats.destroy() });
    const link = await startLinkProxy(Number(new URL(primaryNats.leafUrl!.replace(/^nats-leaf:/, 'http:')).port));
    this.siteLink = link;
    this.cleanups.push({ what: 'the link between the sites', run: () => link.close() });
    const drNats = await startNatsServer({ storeDir: join(dir, 'nats', DR_SITE, 'store'), name: `${this.runName}-nats-dr`, jetstreamDomain: DR_SITE, leafRemotes: [`nats-leaf://127.0.0.1:${link.port}`] });
    this.nats.set(DR_SITE, drNats);
    this.cleanups.push({ what: 'nats-server of dr-site', site: DR_SITE, run: () => drNats.destroy() });

    const primaryPrefix = `${this.runName}-primary`;
    const drPrefix = `${this.runName}-dr`;
    const busOf = (site: SiteName) =>
      site === PRIMARY
        ? { TANDEM_NATS_URL: primaryNats.url, TANDEM_BUS_PREFIX: primaryPrefix, TANDEM_BUS_DOMAIN: PRIMARY, TANDEM_BUS_PEERS: `${DR_SITE}=${drPrefix}` }
        : { TANDEM_NATS_URL: drNats.url, TANDEM_BUS_PREFIX: drPrefix, TANDEM_BUS_DOMAIN: DR_SITE, TANDEM_BUS_PEERS: `${PRIMARY}=${primaryPrefix}` };
    const plan = planServices({
      dir,
      primarySiteDir: this.siteDir(PRIMARY),
      drSiteDir: this.siteDir(DR_SITE),
      secretsDir: join(dir, 'secrets'),
      repositoryKey: randomBytes(32).toString('base64'),
      schedulerTickMs: 200,
      metro: this.options.metro === true,
    });
    const runnable = plan.filter((service) => {
      const present = existsSync(join(REPO_ROOT, 'apps', service.app, 'src', 'main.ts'));
      if (!present) this.absent.push(service.key);
      return present;
    });
    if (this.absent.length > 0) this.progress(`not in this checkout, not started: ${this.absent.join(', ')}`);

    const databasePrefix = this.options.databasePrefix ?? 'tandem_lab2';
    const databases: Record<string, string> = {};
    for (const site of [PRIMARY, DR_SITE] as const) {
      const serverUrl = serverOf.get(site)!;
      const names = runnable.filter((service) => service.site === site).map((service) => service.database);
      const made = await createLabDatabases(serverUrl, names, { prefix: databasePrefix });
      Object.assign(databases, made);
      Object.assign(this.databases, made);
      // A per-site cluster is thrown away whole; databases on a shared server are dropped.
      if (!this.options.keepDatabases && !perSite) {
        this.cleanups.push({ what: `the lab databases of ${site}`, run: () => dropLabDatabases(serverUrl, names, { prefix: databasePrefix }) });
      }
    }

    this.progress('starting the lab sites primary and dr-site ...');
    for (const site of [PRIMARY, DR_SITE] as const) {
      const server = await LabSiteServer.create(site, this.siteDir(site), join(dir, 'logs', `${site}-lab-site.log`), this.options.metro ? { stretchedDir: this.stretchedDir } : {});
      this.sites.set(site, server);
      this.cleanups.push({ what: `lab site ${site}`, site, run: () => server.stop() });
    }

    // Every port first: a service is told the URLs of others of its site (the failover service its scheduler's).
    const planned = new Map<string, { port: number; url: string }>();
    for (const service of runnable) {
      const port = await freePort();
      planned.set(service.key, { port, url: `http://127.0.0.1:${port}` });
    }
    const urlOf = (site: SiteName, app: AppName): string | undefined => planned.get(`${site}/${app}`)?.url;
    this.progress(`starting ${runnable.map((s) => s.key).join(', ')} ...`);
    const started = await Promise.allSettled(
      runnable.map(async (service) => {
        const { port, url } = planned.get(service.key)!;
        const svc = await startServiceProcess({
          name: service.key.replace('/', '-'),
          entry: `apps/${service.app}/src/main.ts`,
          env: {
            ...busOf(service.site),
            TANDEM_DATABASE_URL: databases[service.database],
            TANDEM_HTTP_HOST: '127.0.0.1',
            TANDEM_HTTP_PORT: String(port),
            TANDEM_LOG_LEVEL: this.options.logLevel ?? 'warn',
            ...service.extraEnv({ url, urlOf }),
          },
          readyUrl: `${url}/readyz`,
          readyTimeoutMs: SERVICE_READY_TIMEOUT_MS,
          logFile: join(dir, 'logs', `${service.key.replace('/', '-')}.log`),
        });
        this.services.set(service.key, svc);
        this.urls[service.key] = url;
        this.cleanups.push({ what: service.key, site: service.site, run: () => svc.stop() });
      }),
    );
    const failed = started.filter((outcome): outcome is PromiseRejectedResult => outcome.status === 'rejected');
    if (failed.length > 0) throw new Error(`${failed.length} service(s) did not start:\n${failed.map((f) => (f.reason as Error).message).join('\n')}`);

    this.progress('starting PostgreSQL and its writer in namespace appns on the primary ...');
    await this.startApplication();

    if (this.has(`${PRIMARY}/failover`) && this.has(`${DR_SITE}/failover`)) {
      this.progress('pairing the primary with dr-site ...');
      this.pair = await pairSites({
        destinationFailover: this.url(DR_SITE, 'failover'),
        sourceFailover: this.url(PRIMARY, 'failover'),
        source: await this.sourcePlatform(),
        namespace: APP_NAMESPACE,
        name: CLUSTER_PAIR,
        timeoutMs: PAIR_READY_TIMEOUT_MS,
      });
      this.progress('pairing dr-site with the primary (the reverse pair, for probing the source and failing back) ...');
      const drPlatform = await this.destinationPlatform();
      try {
        this.reversePair = await pairSites({
          destinationFailover: this.url(PRIMARY, 'failover'),
          sourceFailover: this.url(DR_SITE, 'failover'),
          source: drPlatform,
          namespace: APP_NAMESPACE,
          name: REVERSE_CLUSTER_PAIR,
          timeoutMs: PAIR_READY_TIMEOUT_MS,
        });
      } finally {
        await drPlatform.close();
      }
    }
    if (this.has(`${PRIMARY}/snapshot`)) {
      this.progress('declaring the rules pg-presnap and pg-postsnap ...');
      await postYaml(`${this.url(PRIMARY, 'snapshot')}/v1/resources`, ruleDocuments(APP_NAMESPACE));
    }
    if (this.options.schedule !== false && this.has(`${PRIMARY}/scheduler`)) {
      this.progress(`declaring the schedule ${SCHEDULE_POLICY} and ${APP_NAMESPACE}/${MIGRATION_SCHEDULE} ...`);
      await this.declareSchedule();
    }
  }

  private appSpec(port: number, password: string): PostgresAppSpec {
    return {
      namespace: APP_NAMESPACE,
      port,
      binDir: this.binDir,
      password,
      acksFile: this.acksFile,
      nodeBinary: process.execPath,
      writerIntervalMs: WRITER_INTERVAL_MS,
      ...(this.options.metro ? { storageClassName: LAB_STRETCHED_STORAGE_CLASS } : {}),
    };
  }

  private async startApplication(): Promise<void> {
    const platform = await this.sourcePlatform();
    const spec = this.appSpec(await freePort(), randomBytes(18).toString('base64url'));
    for (const object of postgresApplication(spec)) await platform.apply(object, { fieldManager: LAB_FIELD_MANAGER });
    const site = this.sites.get(PRIMARY)!;
    await this.waitReady(platform, { apiVersion: 'apps/v1', kind: 'StatefulSet', namespace: APP_NAMESPACE, name: 'pg' }).catch((error: Error) => {
      throw new Error(`${error.message}\nlog of pod pg-0:\n${site.podLog(APP_NAMESPACE, 'pg-0')}`, { cause: error });
    });
    await this.sourcePsql(LEDGER_TABLE_SQL);
    await platform.apply(postgresWriter(spec), { fieldManager: LAB_FIELD_MANAGER });
    await this.waitReady(platform, { apiVersion: 'apps/v1', kind: 'Deployment', namespace: APP_NAMESPACE, name: 'writer' });
    await waitFor(async () => (await this.writerAcks()).length > 0, { what: `the writer's first acknowledged insert in ${this.acksFile}`, timeoutMs: 60_000, intervalMs: 100 });
  }

  private async waitReady(platform: Platform, ref: ObjectRef): Promise<void> {
    let last: unknown;
    await waitFor(
      async () => {
        const status = await platform.workloadStatus(ref);
        last = status;
        return status.ready === 1 && status.current === 1;
      },
      { what: `${ref.kind} ${ref.namespace}/${ref.name} to have 1 ready replica (last ${JSON.stringify(last)})`, timeoutMs: WORKLOAD_READY_TIMEOUT_MS, intervalMs: 200 },
    );
  }

  /** POSTs the SchedulePolicy every-5s (retain 3) and the MigrationSchedule appns-protect (volumes excluded when metro) to the scheduler. */
  async declareSchedule(): Promise<unknown> {
    return postYaml(
      `${this.url(PRIMARY, 'scheduler')}/v1/resources`,
      scheduleDocuments({
        namespace: APP_NAMESPACE,
        clusterPair: CLUSTER_PAIR,
        policyName: SCHEDULE_POLICY,
        intervalSeconds: 5,
        retain: 3,
        scheduleName: MIGRATION_SCHEDULE,
        ...(this.options.metro ? { includeVolumes: false } : {}),
      }),
    );
  }

  /**
   * After a failover to dr-site, protects appns back to the primary (for a failback): the rules pg-presnap and
   * pg-postsnap on dr-site's snapshot service, then the SchedulePolicy every-5s and the MigrationSchedule
   * appns-protect-back (clusterPair \`primary\`, volumes included, applications not started) on dr-site's scheduler.
   */
  async declareReverseSchedule(): Promise<unknown> {
    await postYaml(`${this.url(DR_SITE, 'snapshot')}/v1/resources`, ruleDocuments(APP_NAMESPACE));
    return postYaml(
      `${this.url(DR_SITE, 'scheduler')}/v1/resources`,
      scheduleDocuments({ namespace: APP_NAMESPACE, clusterPair: REVERSE_CLUSTER_PAIR, policyName: SCHEDULE_POLICY, intervalSeconds: 5, retain: 3, scheduleName: REVERSE_MIGRATION_SCHEDULE }),
    );
  }

  /** Whether the service `<site>/<app>` runs. */
  has(key: string): boolean {
    return this.urls[key] !== undefined;
  }

  /** Base URL of a running service; throws naming what is missing when it does not run. */
  url(site: SiteName, app: AppName): string {
    const url = this.urls[`${site}/${app}`];
    if (!url) throw new Error(`${site}/${app} is not running in this lab${this.absent.includes(`${site}/${app}`) ? ' (its app is not in this checkout)' : ''}`);
    return url;
  }

  /** The running service process `<site>/<app>` (to kill or restart it in a test). */
  service(site: SiteName, app: AppName): ServiceProcess {
    const service = this.services.get(`${site}/${app}`);
    if (!service) throw new Error(`${site}/${app} is not running in this lab`);
    return service;
  }

  /** A site's coordinator's migrations of appns (the protect sagas run there: dr-site's are the reverse ones), newest first. */
  async coordinatorMigrations(site: SiteName = PRIMARY): Promise<MigrationView[]> {
    return (await getJson<{ items: MigrationView[] }>(`${this.url(site, 'coordinator')}/v1/migrations?namespace=${APP_NAMESPACE}`)).items;
  }

  /** The scheduler's migrations of appns (fired by schedules). */
  async schedulerMigrations(): Promise<unknown[]> {
    return (await getJson<{ items: unknown[] }>(`${this.url(PRIMARY, 'scheduler')}/v1/migrations?namespace=${APP_NAMESPACE}`)).items;
  }

  /**
   * What a site's replication service restored there, one entry per volume of each finished restore, oldest first:
   * the bytes of the recovery point and how many were read from the store (the rest the target volume already
   * held). Read from the service's own record: its API does not show restores.
   */
  async restoredVolumes(site: SiteName): Promise<{ requestId: string; claim: string; bytes: number; bytesFetched: number }[]> {
    const url = this.databases[`${siteDatabasePrefix(site)}_replication`];
    if (!url) throw new Error(`${site}/replication has no database in this lab`);
    const client = new Client({ connectionString: url });
    await client.connect();
    try {
      const { rows } = await client.query<{ request_id: string; answer: { output?: { restores: { claim: { namespace: string; name: string }; bytes: number; bytesFetched: number }[] } } }>(
        `SELECT request_id, answer FROM replication_restore_request WHERE state = 'Succeeded' ORDER BY finished_at`,
      );
      return rows.flatMap((row) =>
        (row.answer.output?.restores ?? []).map((r) => ({ requestId: row.request_id, claim: `${r.claim.namespace}/${r.claim.name}`, bytes: r.bytes, bytesFetched: r.bytesFetched })),
      );
    } finally {
      await client.end();
    }
  }

  /** The replication service's protected applications (recovery points, RPO). */
  async replicationApplications(): Promise<unknown> {
    return getJson(`${this.url(PRIMARY, 'replication')}/v1/applications`);
  }

  /** A site's cluster pair as its failover service shows it now: `dr-site` on the primary, `primary` on dr-site. */
  async clusterPair(site: SiteName = PRIMARY): Promise<ClusterPairView> {
    return getJson(`${this.url(site, 'failover')}/v1/clusterpairs/${APP_NAMESPACE}/${site === PRIMARY ? CLUSTER_PAIR : REVERSE_CLUSTER_PAIR}`);
  }

  /** Fails over appns-protect (or what `request` names) to dr-site: POST /v1/failovers on dr-site's failover service. */
  async failover(request: FailoverRequest = {}): Promise<FailoverStarted> {
    return postJson<FailoverStarted>(`${this.url(DR_SITE, 'failover')}/v1/failovers`, { namespace: APP_NAMESPACE, migrationSchedule: MIGRATION_SCHEDULE, ...request });
  }

  /**
   * Fails appns back to the primary once the reverse schedule has brought it in sync: the failover of what
   * appns-protect-back (or what \`request\` names) protects, started on the primary's failover service.
   */
  async failback(request: FailoverRequest = {}): Promise<FailoverStarted> {
    return postJson<FailoverStarted>(`${this.url(PRIMARY, 'failover')}/v1/failovers`, { namespace: APP_NAMESPACE, migrationSchedule: REVERSE_MIGRATION_SCHEDULE, ...request });
  }

  /** A failover of appns as the coordinator of the site taking over shows it (stage, status, RTO, …): dr-site's, the primary's for a failback. */
  async failoverView(name: string, site: SiteName = DR_SITE): Promise<FailoverView> {
    return getJson<FailoverView>(`${this.url(site, 'coordinator')}/v1/failovers/${APP_NAMESPACE}/${encodeURIComponent(name)}`);
  }

  /** The applications dr-site's failover service knows are protected to it (from the migrations' ends). */
  async protectedApplications(): Promise<ProtectedApplicationView[]> {
    return (await getJson<{ items: ProtectedApplicationView[] }>(`${this.url(DR_SITE, 'failover')}/v1/protected-applications`)).items;
  }

  /** The data of a site's fence ConfigMap (tandem-system/tandem-domain: domain, active, epoch), `undefined` when none. */
  async fence(site: SiteName): Promise<Record<string, string> | undefined> {
    if (this.killed.has(site)) throw new Error(`site ${site} was killed: its platform does not answer, its fence cannot be read`);
    const platform = await LabPlatform.open(this.siteDir(site));
    try {
      const configMap = await platform.get(DOMAIN_FENCE_REF);
      return configMap === undefined ? undefined : ((configMap['data'] ?? {}) as Record<string, string>);
    } finally {
      await platform.close();
    }
  }

  /** Every insert the writer got acknowledged, in order. */
  writerAcks(): Promise<WriterAck[]> {
    return readWriterAcks(this.acksFile);
  }

  sourcePlatform(): Promise<LabPlatform> {
    return LabPlatform.open(this.siteDir(PRIMARY));
  }

  destinationPlatform(): Promise<LabPlatform> {
    return LabPlatform.open(this.siteDir(DR_SITE));
  }

  /** Runs SQL in the primary's pg pod (as postgres, over its socket); returns psql's unaligned output, trimmed. */
  async sourcePsql(sql: string): Promise<string> {
    const platform = await this.sourcePlatform();
    try {
      return await psqlIn(platform, sql);
    } finally {
      await platform.close();
    }
  }

  /** Runs SQL in dr-site's pg pod (once the application runs there); returns psql's unaligned output, trimmed. */
  async drPsql(sql: string): Promise<string> {
    const platform = await this.destinationPlatform();
    try {
      return await psqlIn(platform, sql);
    } finally {
      await platform.close();
    }
  }

  /**
   * The site dies at once: SIGKILL to every process of it — its services and agent, its nats-server, its lab-site
   * server and pods (the application's PostgreSQL and writer on the primary), its PostgreSQL cluster when the
   * databases are per site. Nothing of it is restarted; stop() leaves it alone.
   */
  async killSite(site: SiteName): Promise<void> {
    if (this.killed.has(site)) return;
    this.killed.add(site);
    const kills: Promise<unknown>[] = [];
    for (const [key, service] of this.services) if (key.startsWith(`${site}/`)) kills.push(service.kill('SIGKILL'));
    const nats = this.nats.get(site);
    if (nats) kills.push(nats.kill());
    const server = this.sites.get(site);
    if (server) kills.push(server.kill());
    const cluster = this.siteClusters.get(site);
    if (cluster) kills.push(killPostgresCluster(cluster));
    const outcomes = await Promise.allSettled(kills);
    for (let i = this.cleanups.length - 1; i >= 0; i--) if (this.cleanups[i]!.site === site) this.cleanups.splice(i, 1);
    const failed = outcomes.filter((outcome): outcome is PromiseRejectedResult => outcome.status === 'rejected');
    if (failed.length > 0) throw new Error(`killing site ${site}: ${failed.map((f) => (f.reason as Error).message).join('; ')}`);
  }

  /** Starts PostgreSQL on a copy of a volume's pgdata (see postgres-copy.ts); stop() stops it too. */
  async startPostgresOnCopy(volumeDir: string): Promise<PostgresOnCopy> {
    const copy = await startPostgresOnCopy(volumeDir, this.binDir, join(this.dir, 'copies'));
    this.copies.add(copy);
    return {
      ...copy,
      stop: async () => {
        this.copies.delete(copy);
        await copy.stop();
      },
    };
  }

  /** The TCP link between the sites' NATS servers (the DR site's leaf connection): `cut()` it to part the sites. */
  get link(): LinkProxy {
    if (!this.siteLink) throw new Error('the sites are not linked yet');
    return this.siteLink;
  }

  /** Every process the lab runs now: services, nats-servers, lab-site servers, the sites' pods and PostgreSQL clusters. */
  processIds(): number[] {
    const live = <T>(entries: Iterable<[SiteName | string, T]>): T[] =>
      [...entries].filter(([key]) => !this.killed.has(key.split('/')[0] as SiteName)).map(([, value]) => value);
    const pids = live(this.services.entries()).map((service) => service.pid);
    pids.push(...live(this.nats.entries()).map((nats) => nats.pid), ...[...this.copies].map((copy) => copy.pid));
    for (const site of live(this.sites.entries())) pids.push(site.serverPid, ...site.podPids());
    for (const cluster of live(this.siteClusters.entries())) pids.push(postmasterPid(cluster));
    return pids.filter((pid): pid is number => pid !== undefined);
  }

  /** Stops everything that was started, last first (services, lab sites with their pods, NATS, PostgreSQL); safe to call twice. */
  async stop(): Promise<void> {
    if (this.stopped) return;
    this.stopped = true;
    const problems: string[] = [];
    for (const copy of [...this.copies]) await copy.stop().catch((error: Error) => problems.push(`a PostgreSQL copy: ${error.message}`));
    this.copies.clear();
    for (const cleanup of this.cleanups.splice(0).reverse()) {
      await cleanup.run().catch((error: Error) => problems.push(`${cleanup.what}: ${error.message}`));
    }
    process.removeListener('exit', this.reaper);
    if (problems.length > 0) throw new Error(`the two-site lab did not stop cleanly:\n${problems.join('\n')}`);
  }

  /** Last resort when this process exits without stop(): SIGKILL every process the lab started. */
  private reap(): void {
    for (const service of this.services.values()) if (service.pid !== undefined) safeKill(service.pid);
    for (const site of this.sites.values()) site.reap();
    for (const nats of this.nats.values()) if (nats.pid !== undefined) safeKill(nats.pid);
    for (const copy of this.copies) safeKill(copy.pid);
    for (const cluster of this.siteClusters.values()) for (const pid of postgresPids(cluster)) safeKill(pid);
  }
}

/** The postmaster's pid from its pid file, `undefined` when it is not running. */
function postmasterPid(cluster: PostgresCluster): number | undefined {
  try {
    const pid = Number(readFileSync(join(cluster.dataDir, 'postmaster.pid'), 'utf8').split('\n')[0]);
    return Number.isSafeInteger(pid) && pid > 0 && alive(pid) ? pid : undefined;
  } catch {
    return undefined;
  }
}

/** The postmaster and its children (backends, checkpointer, …). */
function postgresPids(cluster: PostgresCluster): number[] {
  const postmaster = postmasterPid(cluster);
  if (postmaster === undefined) return [];
  return [postmaster, ...childrenOf(postmaster)];
}

/** SIGKILL to a PostgreSQL cluster's every process (a crash, not a shutdown); resolves once the postmaster is gone. */
async function killPostgresCluster(cluster: PostgresCluster): Promise<void> {
  const pids = postgresPids(cluster);
  for (const pid of pids) safeKill(pid);
  await waitFor(() => pids.every((pid) => !alive(pid)), { what: `PostgreSQL of ${cluster.dataDir} to die`, timeoutMs: 30_000, intervalMs: 50 });
}

/** Pids whose parent is `parent` (from /proc). */
function childrenOf(parent: number): number[] {
  const children: number[] = [];
  for (const entry of safeReaddir('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    const stat = procStat(Number(entry));
    if (stat && stat.ppid === parent) children.push(Number(entry));
  }
  return children;
}

function procStat(pid: number): { state: string; ppid: number } | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return { state: fields[0] ?? '', ppid: Number(fields[1]) };
  } catch {
    return undefined;
  }
}

/** Running, not a zombie. */
function alive(pid: number): boolean {
  const stat = procStat(pid);
  return stat !== undefined && stat.state !== 'Z' && stat.state !== 'X';
}

function safeReaddir(dir: string): string[] {
  try {
    return readdirSync(dir);
  } catch {
    return [];
  }
}

function safeKill(pid: number): void {
  try {
    process.kill(pid, 'SIGKILL');
  } catch {
    // Gone already.
  }
}
