import { Client } from 'pg';
import { createTestDatabase, freePort, type NatsServerHandle, type ServiceProcess, startNatsServer, startServiceProcess, type TestDatabase, uniqueName } from '@tandem/testing';
import { TestBus } from './test-bus';

export interface HttpAnswer<T = unknown> {
  status: number;
  body: T;
}

/** One migration service process over a test database and a JetStream server, the test's seat on the bus, and SQL. */
export class MigrationHarness {
  private constructor(
    readonly nats: NatsServerHandle,
    readonly db: TestDatabase,
    readonly service: ServiceProcess,
    readonly url: string,
    readonly bus: TestBus,
    readonly sql: Client,
  ) {}

  /** Starts the service on the site `platform` (a TANDEM_PLATFORM value). */
  static async start(opts: { platform: string; env?: Record<string, string> }): Promise<MigrationHarness> {
    const nats = await startNatsServer();
    const db = await createTestDatabase('migration');
    const prefix = uniqueName('migr');
    const port = await freePort();
    const url = `http://127.0.0.1:${port}`;
    const service = await startServiceProcess({
      name: 'migration',
      entry: 'apps/migration/src/main.ts',
      env: {
        TANDEM_NATS_URL: nats.url,
        TANDEM_BUS_PREFIX: prefix,
        TANDEM_DATABASE_URL: db.url,
        TANDEM_HTTP_HOST: '127.0.0.1',
        TANDEM_HTTP_PORT: String(port),
        TANDEM_LOG_LEVEL: 'warn',
        TANDEM_DOMAIN: 'primary',
        TANDEM_PLATFORM: opts.platform,
        ...opts.env,
      },
      readyUrl: `${url}/readyz`,
    });
    const bus = await TestBus.open(nats.url, prefix);
    const sql = new Client({ connectionString: db.url });
    await sql.connect();
    return new MigrationHarness(nats, db, service, url, bus, sql);
  }

  async get<T = unknown>(path: string): Promise<HttpAnswer<T>> {
    const res = await fetch(`${this.url}${path}`);
    const text = await res.text();
    return { status: res.status, body: (text ? JSON.parse(text) : undefined) as T };
  }

  async close(): Promise<void> {
    await this.bus?.close().catch(() => undefined);
    await this.sql?.end().catch(() => undefined);
    await this.service?.stop();
    await this.nats?.stop();
    await this.db?.drop();
  }
}
