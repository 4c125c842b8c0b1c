import { Client } from 'pg';
import { freePort } from './free-port.util';
import { type NatsServerHandle, startNatsServer } from './nats-server.process';
import { type ServiceProcess, startServiceProcess } from './service.process';
import { createTestDatabase, type TestDatabase } from './test-database.postgres';
import { uniqueName } from './unique-name.util';

export interface HttpAnswer<T = unknown> {
  status: number;
  body: T;
}

/**
 * One HTTP request to `baseUrl`: an object body is sent as JSON, a string as YAML (unless `contentType` says
 * otherwise); the answer's body is parsed as JSON when it is JSON, else kept as text (metrics).
 */
export async function httpRequest<T = unknown>(baseUrl: string, method: string, path: string, body?: string | object, contentType?: string): Promise<HttpAnswer<T>> {
  const json = body !== undefined && typeof body !== 'string';
  const res = await fetch(`${baseUrl}${path}`, {
    method,
    ...(body === undefined ? {} : { body: json ? JSON.stringify(body) : body }),
    headers: body === undefined ? {} : { 'content-type': contentType ?? (json ? 'application/json' : 'application/yaml') },
  });
  const text = await res.text();
  let parsed: unknown = text;
  try {
    parsed = text ? JSON.parse(text) : undefined;
  } catch {
    // not JSON: kept as text
  }
  return { status: res.status, body: parsed as T };
}

export interface StartServiceOptions {
  /** The app under apps/: runs `apps/<app>/src/main.ts`. */
  app: string;
  /** The process's name (its log file); the app's name by default. */
  name?: string;
  natsUrl: string;
  prefix: string;
  databaseUrl: string;
  /** More environment, or the usual variables overridden (`TANDEM_LOG_LEVEL` is `warn` by default). */
  env?: Record<string, string>;
}

/** A service process on a free port of 127.0.0.1, and its HTTP API. */
export interface RunningService {
  process: ServiceProcess;
  /** Base URL of its HTTP API. */
  url: string;
  request<T = unknown>(method: string, path: string, body?: string | object, contentType?: string): Promise<HttpAnswer<T>>;
}

/** Starts a real service process with the environment every Tandem service reads, and waits until it is ready. */
export async function startService(opts: StartServiceOptions): Promise<RunningService> {
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const process = await startServiceProcess({
    name: opts.name ?? opts.app,
    entry: `apps/${opts.app}/src/main.ts`,
    env: {
      TANDEM_NATS_URL: opts.natsUrl,
      TANDEM_BUS_PREFIX: opts.prefix,
      TANDEM_DATABASE_URL: opts.databaseUrl,
      TANDEM_HTTP_HOST: '127.0.0.1',
      TANDEM_HTTP_PORT: String(port),
      TANDEM_LOG_LEVEL: 'warn',
      ...opts.env,
    },
    readyUrl: `${url}/readyz`,
  });
  return { process, url, request: (method, path, body, contentType) => httpRequest(url, method, path, body, contentType) };
}

export interface ServiceUnderTestOptions {
  app: string;
  name?: string;
  env?: Record<string, string>;
  /** A running nats-server to use (the caller stops it); a new one, stopped by `close()`, otherwise. */
  nats?: NatsServerHandle;
  /** The bus prefix; a unique one otherwise. */
  prefix?: string;
}

/** A service process with its own test database, on a nats-server under a bus prefix of its own, and SQL to its database. */
export interface ServiceUnderTest extends RunningService {
  nats: NatsServerHandle;
  db: TestDatabase;
  prefix: string;
  /** A connection to its database, for assertions. */
  sql: Client;
  /** Stops the process (SIGTERM), closes the SQL connection, stops the nats-server it started and drops the database. */
  close(): Promise<void>;
}

/** NATS, a test database, a bus prefix and the service process on a free port with the usual environment. */
export async function startServiceUnderTest(opts: ServiceUnderTestOptions): Promise<ServiceUnderTest> {
  const nats = opts.nats ?? (await startNatsServer());
  const cleanups: (() => Promise<unknown>)[] = opts.nats ? [] : [() => nats.stop()];
  const close = async (): Promise<void> => {
    for (const cleanup of cleanups.splice(0)) await cleanup().catch(() => undefined);
  };
  try {
    const db = await createTestDatabase(opts.app.replace(/-/g, '_'));
    cleanups.unshift(() => db.drop());
    const prefix = opts.prefix ?? uniqueName(opts.app);
    const service = await startService({ app: opts.app, ...(opts.name ? { name: opts.name } : {}), natsUrl: nats.url, prefix, databaseUrl: db.url, ...(opts.env ? { env: opts.env } : {}) });
    cleanups.unshift(() => service.process.stop());
    const sql = new Client({ connectionString: db.url });
    await sql.connect();
    cleanups.unshift(() => sql.end());
    return { ...service, nats, db, prefix, sql, close };
  } catch (error) {
    await close();
    throw error;
  }
}
