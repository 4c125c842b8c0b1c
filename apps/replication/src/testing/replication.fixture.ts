import { Client } from 'pg';
import { createTestDatabase, freePort, type ServiceProcess, startServiceProcess, type TestDatabase } from '@tandem/testing';

export interface HttpAnswer<T = unknown> {
  status: number;
  body: T;
}

export interface ReplicationUnderTest {
  process: ServiceProcess;
  url: string;
  /** A connection to its database, for assertions. */
  sql: Client;
  /** GET on its HTTP API; the body parsed as JSON when it is JSON, else the text. */
  get<T = unknown>(path: string): Promise<HttpAnswer<T>>;
  destroy(): Promise<void>;
}

/** Starts a real replication service process with its own database, and waits until it is ready. */
export async function startReplication(opts: { natsUrl: string; prefix: string; env?: Record<string, string> }): Promise<ReplicationUnderTest> {
  const db: TestDatabase = await createTestDatabase('replication');
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const service = await startServiceProcess({
    name: 'replication',
    entry: 'apps/replication/src/main.ts',
    env: {
      TANDEM_NATS_URL: opts.natsUrl,
      TANDEM_BUS_PREFIX: opts.prefix,
      TANDEM_DATABASE_URL: db.url,
      TANDEM_HTTP_HOST: '127.0.0.1',
      TANDEM_HTTP_PORT: String(port),
      TANDEM_LOG_LEVEL: 'warn',
      TANDEM_DOMAIN: 'primary',
      ...opts.env,
    },
    readyUrl: `${url}/readyz`,
  });
  const sql = new Client({ connectionString: db.url });
  await sql.connect();
  return {
    process: service,
    url,
    sql,
    get: async <T>(path: string) => {
      const res = await fetch(`${url}${path}`);
      const text = await res.text();
      let body: unknown = text;
      try {
        body = text ? JSON.parse(text) : undefined;
      } catch {
        // not JSON: kept as text (metrics)
      }
      return { status: res.status, body: body as T };
    },
    destroy: async () => {
      await service.stop();
      await sql.end().catch(() => undefined);
      await db.drop();
    },
  };
}
