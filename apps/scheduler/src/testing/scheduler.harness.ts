import { Client } from 'pg';
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
import { TestBus } from './test-bus';

export interface HttpAnswer<T = unknown> {
  status: number;
  body: T;
}

/** One scheduler process, and its HTTP API. */
export class SchedulerReplica {
  constructor(
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
      // not JSON: kept as text (metrics)
    }
    return { status: res.status, body: parsed as T };
  }

  /** `POST /v1/resources`; fails the test unless it answers 200. */
  async apply(body: string | object): Promise<unknown> {
    const answer = await this.request('POST', '/v1/resources', body);
    if (answer.status !== 200) throw new Error(`apply answered ${answer.status}: ${JSON.stringify(answer.body)}`);
    return answer.body;
  }
}

/** Real scheduler processes over one database and one JetStream server, the test's seat on the bus, and SQL. */
export class SchedulerHarness {
  private constructor(
    readonly nats: NatsServerHandle,
    readonly db: TestDatabase,
    readonly replicas: SchedulerReplica[],
    readonly bus: TestBus,
    readonly sql: Client,
  ) {}

  static async start(opts: { replicas: number; env?: Record<string, string> }): Promise<SchedulerHarness> {
    const nats = await startNatsServer();
    const db = await createTestDatabase('scheduler');
    const prefix = uniqueName('sched');
    const replicas: SchedulerReplica[] = [];
    for (let i = 0; i < opts.replicas; i++) {
      const port = await freePort();
      const url = `http://127.0.0.1:${port}`;
      const process = await startServiceProcess({
        name: `scheduler-${i + 1}`,
        entry: 'apps/scheduler/src/main.ts',
        env: {
          TANDEM_NATS_URL: nats.url,
          TANDEM_BUS_PREFIX: prefix,
          TANDEM_DATABASE_URL: db.url,
          TANDEM_HTTP_HOST: '127.0.0.1',
          TANDEM_HTTP_PORT: String(port),
          TANDEM_LOG_LEVEL: 'warn',
          TANDEM_SCHEDULER_TICK_INTERVAL_MS: '100',
          ...opts.env,
        },
        readyUrl: `${url}/readyz`,
      });
      replicas.push(new SchedulerReplica(process, url));
    }
    const bus = await TestBus.open(nats.url, prefix);
    const sql = new Client({ connectionString: db.url });
    await sql.connect();
    return new SchedulerHarness(nats, db, replicas, bus, sql);
  }

  get api(): SchedulerReplica {
    return this.replicas[0]!;
  }

  /** Rows of `scheduler_migration` of one schedule, oldest fire time first. */
  async migrationRows(namespace: string, schedule: string): Promise<{ name: string; fired_at: Date; missed: number; status: string; policy_type: string; updated_at: Date }[]> {
    return (
      await this.sql.query(`SELECT name, fired_at, missed, status, policy_type, updated_at FROM scheduler_migration WHERE namespace = $1 AND schedule_name = $2 ORDER BY fired_at`, [
        namespace,
        schedule,
      ])
    ).rows;
  }

  async close(): Promise<void> {
    await this.bus?.close().catch(() => undefined);
    await this.sql?.end().catch(() => undefined);
    for (const r of this.replicas) await r.process.stop();
    await this.nats?.stop();
    await this.db?.drop();
  }
}

/** A SchedulePolicy document (Tandem's apiVersion) firing every `seconds`. */
export const intervalPolicyYaml = (name: string, seconds: number, extra = ''): string => `apiVersion: tandem.dev/v1alpha1
kind: SchedulePolicy
metadata:
  name: ${name}
policy:
  interval:
    intervalSeconds: ${seconds}
${extra}`;

/** A MigrationSchedule document on `policy`. */
export const scheduleYaml = (namespace: string, name: string, policy: string, extra = ''): string => `apiVersion: tandem.dev/v1alpha1
kind: MigrationSchedule
metadata:
  name: ${name}
  namespace: ${namespace}
spec:
  schedulePolicyName: ${policy}
  template:
    spec:
      clusterPair: dr-site
      namespaces: [${namespace}]
${extra}`;
