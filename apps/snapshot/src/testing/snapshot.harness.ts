import { createTestDatabase, freePort, type NatsServerHandle, type ServiceProcess, startNatsServer, startServiceProcess, type TestDatabase, uniqueName } from '@tandem/testing';
import { TestBus } from './test-bus';

export interface HttpAnswer<T = unknown> {
  status: number;
  body: T;
}

/** One snapshot service process over a test database, a JetStream server and a lab site; the test's seat on the bus. */
export class SnapshotHarness {
  private constructor(
    readonly nats: NatsServerHandle,
    readonly db: TestDatabase,
    readonly process: ServiceProcess,
    readonly url: string,
    readonly bus: TestBus,
  ) {}

  static async start(opts: { siteDir: string }): Promise<SnapshotHarness> {
    const nats = await startNatsServer();
    const db = await createTestDatabase('snapshot');
    const prefix = uniqueName('snap');
    const port = await freePort();
    const url = `http://127.0.0.1:${port}`;
    const process = await startServiceProcess({
      name: 'snapshot',
      entry: 'apps/snapshot/src/main.ts',
      env: {
        TANDEM_NATS_URL: nats.url,
        TANDEM_BUS_PREFIX: prefix,
        TANDEM_DATABASE_URL: db.url,
        TANDEM_HTTP_HOST: '127.0.0.1',
        TANDEM_HTTP_PORT: String(port),
        TANDEM_LOG_LEVEL: 'warn',
        TANDEM_PLATFORM: `lab:${opts.siteDir}`,
      },
      readyUrl: `${url}/readyz`,
    });
    const bus = await TestBus.open(nats.url, prefix);
    return new SnapshotHarness(nats, db, process, url, bus);
  }

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
      // not JSON: kept as text (metrics)
    }
    return { status: res.status, body: parsed as T };
  }

  async close(): Promise<void> {
    await this.bus?.close().catch(() => undefined);
    await this.process?.stop();
    await this.nats?.stop();
    await this.db?.drop();
  }
}
