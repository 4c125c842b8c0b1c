import { LabSiteFixture, TestBus } from '@tandem/integration-testing';
import {
  createTestDatabase,
  freePort,
  httpRequest,
  type NatsServerHandle,
  type RunningService,
  startNatsServer,
  startServiceProcess,
  type TestDatabase,
  uniqueName,
} from '@tandem/testing';

/** One failover service process working on one lab site, with its own database and bus prefix. */
export interface FailoverSite extends RunningService {
  name: string;
  lab: LabSiteFixture;
  db: TestDatabase;
  prefix: string;
}

/**
 * Two sites on one machine, as the failover service sees them: a source (`primary`) and a destination (`dr-site`),
 * each a real lab site with a real failover process, its own database and its own bus prefix on one NATS server;
 * and a test seat on the source's bus.
 */
export class FailoverHarness {
  private constructor(
    readonly nats: NatsServerHandle,
    readonly source: FailoverSite,
    readonly destination: FailoverSite,
    readonly bus: TestBus,
  ) {}

  static async start(opts: { destinationObjectStore: string }): Promise<FailoverHarness> {
    const nats = await startNatsServer();
    const [source, destination] = await Promise.all([
      startSite(nats, 'primary', {}),
      startSite(nats, 'dr-site', { TANDEM_FAILOVER_OBJECT_STORE: opts.destinationObjectStore }),
    ]);
    const bus = await TestBus.open(nats.url, source.prefix, 'failover');
    return new FailoverHarness(nats, source, destination, bus);
  }

  async close(): Promise<void> {
    await this.bus?.close().catch(() => undefined);
    for (const site of [this.source, this.destination]) {
      await site?.process.stop();
      await site?.lab.dispose().catch(() => undefined);
      await site?.db.drop();
    }
    await this.nats?.stop();
  }
}

/**
 * A failover process on its own lab site. Started here rather than with startService: its public URL (the endpoint
 * `generate` prints) is its own address, so the port is chosen before the process starts.
 */
async function startSite(nats: NatsServerHandle, domain: string, env: Record<string, string>): Promise<FailoverSite> {
  const [lab, db, port] = await Promise.all([LabSiteFixture.create(domain), createTestDatabase(`failover_${domain.replace(/-/g, '_')}`), freePort()]);
  const prefix = uniqueName(`fo-${domain}`);
  const url = `http://127.0.0.1:${port}`;
  const process = await startServiceProcess({
    name: `failover-${domain}`,
    entry: 'apps/failover/src/main.ts',
    env: {
      TANDEM_NATS_URL: nats.url,
      TANDEM_BUS_PREFIX: prefix,
      TANDEM_DATABASE_URL: db.url,
      TANDEM_HTTP_HOST: '127.0.0.1',
      TANDEM_HTTP_PORT: String(port),
      TANDEM_LOG_LEVEL: 'warn',
      TANDEM_DOMAIN: domain,
      TANDEM_PLATFORM: `lab:${lab.dir}`,
      TANDEM_FAILOVER_PUBLIC_URL: url,
      ...env,
    },
    readyUrl: `${url}/readyz`,
  });
  return { name: domain, lab, db, prefix, process, url, request: (method, path, body, contentType) => httpRequest(url, method, path, body, contentType) };
}
