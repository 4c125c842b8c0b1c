import {
  createTestDatabase,
  freePort,
  NatsServerHandle,
  ServiceProcess,
  startNatsServer,
  startServiceProcess,
  TestDatabase,
  uniqueName,
} from '@tandem/testing';
import { LabSiteFixture } from './lab-site.fixture';
import { TestBus } from './test-bus';

export interface HttpAnswer<T = unknown> {
  status: number;
  body: T;
  contentType: string | null;
}

/** One failover service process working on one lab site, with its own database and bus prefix. */
export class FailoverSite {
  constructor(
    readonly name: string,
    readonly lab: LabSiteFixture,
    readonly db: TestDatabase,
    readonly prefix: string,
    readonly process: ServiceProcess,
    readonly url: string,
  ) {}

  async request<T = unknown>(method: string, path: string, body?: string | object, contentType?: string): Promise<HttpAnswer<T>> {
    const json = body !== undefined && typeof body !== 'string';
    const res = await fetch(`${this.url}${path}`, {
      method,
      ...(body === undefined ? {} : { body: json ? JSON.stringify(body) : body }),
      headers: body === undefined ? {} : { 'content-type': contentType ?? (json ? 'application/json' : 'application/yaml') },
    });
    const text = await res.text();
    let parsed: unknown = text;
    try {
      parsed = text ? JSON.parse(text) : undefined;
    } catch {
      // not JSON: kept as text (YAML)
    }
    return { status: res.status, body: parsed as T, contentType: res.headers.get('content-type') };
  }
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
    const bus = await TestBus.open(nats.url, source.prefix);
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
      TANDEM_PLATFORM: lab.platformSpec,
      TANDEM_FAILOVER_PUBLIC_URL: url,
      ...env,
    },
    readyUrl: `${url}/readyz`,
  });
  return new FailoverSite(domain, lab, db, prefix, process, url);
}
