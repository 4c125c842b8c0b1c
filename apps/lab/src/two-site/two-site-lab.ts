import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { chmod, mkdir, rm } from 'node:fs/promises';
import { isAbsolute, join } from 'node:path';
import { LabPlatform, type ObjectRef, type Platform } from '@tandem/platform';
import {
  freePort,
  type LinkProxy,
  type NatsServerHandle,
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
import { getJson, postYaml } from './lab-http';
import { LabSiteServer } from './lab-site.server-process';
import { type ClusterPairView, LAB_FIELD_MANAGER, pairSites } from './pair-sites';
import { LEDGER_TABLE_SQL, type PostgresAppSpec, postgresApplication, postgresWriter } from './postgres-app.manifests';
import { findPostgresBinDir } from './postgres-bin-dir';
import { type PostgresOnCopy, startPostgresOnCopy } from './postgres-copy';
import { ruleDocuments, scheduleDocuments } from './protect-resources.yaml';
import { APP_NAMESPACE, type AppName, CLUSTER_PAIR, DR_SITE, MIGRATION_SCHEDULE, planServices, PRIMARY, SCHEDULE_POLICY, type SiteName } from './two-site.plan';
import { readWriterAcks, type WriterAck } from './writer-acks';
import { type MigrationView } from './migration.view';
import { psqlIn } from './app-psql';

export interface TwoSiteLabOptions {
  /** Absolute directory the lab lives in (sites, logs, NATS store, object store, acks file); made afresh by start(). */
  dir: string;
  /** PostgreSQL server for Tandem's own databases; default a throwaway cluster in `<dir>/postgres`. */
  databaseUrl?: string;
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
}

const SERVICE_READY_TIMEOUT_MS = 180_000;
const WORKLOAD_READY_TIMEOUT_MS = 120_000;
const PAIR_READY_TIMEOUT_MS = 60_000;
const WRITER_INTERVAL_MS = 20;

/**
 * Tandem on two lab sites on this machine, protecting a PostgreSQL application: one PostgreSQL server for Tandem's
 * databases, one nats-server, the sites `primary` and `dr-site` (each served by a `lab-site serve` process), the
 * primary's control plane (scheduler, coordinator, failover, snapshot, replication, migration, agent), the DR
 * site's agent and failover service, the sites paired, PostgreSQL with a writer in namespace appns on the primary,
 * the rules, and (unless `schedule: false`) a schedule protecting appns every 5 s. Services whose app does not
 * exist in this checkout are left out and listed in `absent`; what depends on them is skipped.
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

  private readonly services = new Map<string, ServiceProcess>();
  private readonly sites = new Map<SiteName, LabSiteServer>();
  private readonly copies = new Set<PostgresOnCopy>();
  private readonly cleanups: { what: string; run: () => Promise<unknown> }[] = [];
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
    for (const owned of [PRIMARY, DR_SITE, 'logs', 'agents', 'secrets', 'object-store', 'nats', 'copies', 'writer-acks.log']) await rm(join(dir, owned), { recursive: true, force: true });
    await mkdir(join(dir, 'logs'), { recursive: true });
    // PostgreSQL (the application's and the copies') runs as the postgres OS user when we are root: it must traverse dir.
    await chmod(dir, 0o711);
    await mkdir(join(dir, 'secrets'), { recursive: true, mode: 0o700 });
    await mkdir(join(dir, 'object-store'), { recursive: true });
    this.binDir = this.options.postgresBinDir ?? findPostgresBinDir(this.options.searchPath ?? []);

    let databaseUrl = this.options.databaseUrl;
    if (!databaseUrl) {
      this.progress('starting PostgreSQL for Tandem (a throwaway cluster in the lab directory) ...');
      const cluster = await startPostgresCluster(join(dir, 'postgres'));
      this.cleanups.push({ what: 'PostgreSQL for Tandem', run: () => cluster.stop() });
      databaseUrl = cluster.url;
    }

    // Each site has its own NATS JetStream server (its JetStream domain is the site's cluster domain) and its own
    // bus prefix; the DR site's server dials the primary's leaf-node port through a link the lab can cut. What one
    // site must learn from the other (commands scoped to its domain, the peer's events) is sourced across the link.
    this.progress('starting NATS JetStream for each site, linked by a leaf node ...');
    const primaryNats = await startNatsServer({ storeDir: join(dir, 'nats', PRIMARY, 'store'), name: `${this.runName}-nats-primary`, jetstreamDomain: PRIMARY, leafListenPort: 0 });
    this.nats.set(PRIMARY, primaryNats);
    this.cleanups.push({ what: 'nats-server of primary', run: () => primaryNats.destroy() });
    const link = await startLinkProxy(Number(new URL(primaryNats.leafUrl!.replace(/^nats-leaf:/, 'http:')).port));
    this.siteLink = link;
    this.cleanups.push({ what: 'the link between the sites', run: () => link.close() });
    const drNats = await startNatsServer({ storeDir: join(dir, 'nats', DR_SITE, 'store'), name: `${this.runName}-nats-dr`, jetstreamDomain: DR_SITE, leafRemotes: [`nats-leaf://127.0.0.1:${link.port}`] });
    this.nats.set(DR_SITE, drNats);
    this.cleanups.push({ what: 'nats-server of dr-site', run: () => drNats.destroy() });

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
    });
    const runnable = plan.filter((service) => {
      const present = existsSync(join(REPO_ROOT, 'apps', service.app, 'src', 'main.ts'));
      if (!present) this.absent.push(service.key);
      return present;
    });
    if (this.absent.length > 0) this.progress(`not in this checkout, not started: ${this.absent.join(', ')}`);

    const databasePrefix = this.options.databasePrefix ?? 'tandem_lab2';
    const databaseNames = runnable.map((service) => service.database);
    const databases = await createLabDatabases(databaseUrl, databaseNames, { prefix: databasePrefix });
    if (!this.options.keepDatabases) {
      const serverUrl = databaseUrl;
      this.cleanups.push({ what: 'the lab databases', run: () => dropLabDatabases(serverUrl, databaseNames, { prefix: databasePrefix }) });
    }

    this.progress('starting the lab sites primary and dr-site ...');
    for (const site of [PRIMARY, DR_SITE] as const) {
      const server = await LabSiteServer.create(site, this.siteDir(site), join(dir, 'logs', `${site}-lab-site.log`));
      this.sites.set(site, server);
      this.cleanups.push({ what: `lab site ${site}`, run: () => server.stop() });
    }

    this.progress(`starting ${runnable.map((s) => s.key).join(', ')} ...`);
    const started = await Promise.allSettled(
      runnable.map(async (service) => {
        const port = await freePort();
        const url = `http://127.0.0.1:${port}`;
        const svc = await startServiceProcess({
          name: service.key.replace('/', '-'),
          entry: `apps/${service.app}/src/main.ts`,
          env: {
            ...busOf(service.site),
            TANDEM_DATABASE_URL: databases[service.database],
            TANDEM_HTTP_HOST: '127.0.0.1',
            TANDEM_HTTP_PORT: String(port),
            TANDEM_LOG_LEVEL: this.options.logLevel ?? 'warn',
            ...service.extraEnv({ url }),
          },
          readyUrl: `${url}/readyz`,
          readyTimeoutMs: SERVICE_READY_TIMEOUT_MS,
          logFile: join(dir, 'logs', `${service.key.replace('/', '-')}.log`),
        });
        this.services.set(service.key, svc);
        this.urls[service.key] = url;
        this.cleanups.push({ what: service.key, run: () => svc.stop() });
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
    return { namespace: APP_NAMESPACE, port, binDir: this.binDir, password, acksFile: this.acksFile, nodeBinary: process.execPath, writerIntervalMs: WRITER_INTERVAL_MS };
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

  /** POSTs the SchedulePolicy every-5s (retain 3) and the MigrationSchedule appns-protect to the scheduler. */
  async declareSchedule(): Promise<unknown> {
    return postYaml(
      `${this.url(PRIMARY, 'scheduler')}/v1/resources`,
      scheduleDocuments({ namespace: APP_NAMESPACE, clusterPair: CLUSTER_PAIR, policyName: SCHEDULE_POLICY, intervalSeconds: 5, retain: 3, scheduleName: MIGRATION_SCHEDULE }),
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

  /** The coordinator's migrations of appns (the protect sagas), newest first. */
  async coordinatorMigrations(): Promise<MigrationView[]> {
    return (await getJson<{ items: MigrationView[] }>(`${this.url(PRIMARY, 'coordinator')}/v1/migrations?namespace=${APP_NAMESPACE}`)).items;
  }

  /** The scheduler's migrations of appns (fired by schedules). */
  async schedulerMigrations(): Promise<unknown[]> {
    return (await getJson<{ items: unknown[] }>(`${this.url(PRIMARY, 'scheduler')}/v1/migrations?namespace=${APP_NAMESPACE}`)).items;
  }

  /** The replication service's protected applications (recovery points, RPO). */
  async replicationApplications(): Promise<unknown> {
    return getJson(`${this.url(PRIMARY, 'replication')}/v1/applications`);
  }

  /** The cluster pair as the primary's failover service shows it now. */
  async clusterPair(): Promise<ClusterPairView> {
    return getJson(`${this.url(PRIMARY, 'failover')}/v1/clusterpairs/${APP_NAMESPACE}/${CLUSTER_PAIR}`);
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
    return psqlIn(await this.sourcePlatform(), sql);
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

  /** Every process the lab runs now: services, nats-server, lab-site servers and the sites' pods. */
  processIds(): number[] {
    const pids = [...this.services.values()].map((service) => service.pid);
    pids.push(...[...this.nats.values()].map((nats) => nats.pid), ...[...this.copies].map((copy) => copy.pid));
    for (const site of this.sites.values()) pids.push(site.serverPid, ...site.podPids());
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
  }
}

function safeKill(pid: number): void {
  try {
    process.kill(pid, 'SIGKILL');
  } catch {
    // Gone already.
  }
}
