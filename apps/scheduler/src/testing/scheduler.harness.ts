import type { Client } from 'pg';
import { TestBus } from '@tandem/integration-testing';
import { type HttpAnswer, type RunningService, type ServiceUnderTest, startService, startServiceUnderTest } from '@tandem/testing';
import { CoordinatorStandIn } from './coordinator.stand-in';

/** One scheduler process, and its HTTP API. */
export class SchedulerReplica {
  constructor(private readonly service: RunningService) {}

  get process(): RunningService['process'] {
    return this.service.process;
  }

  get url(): string {
    return this.service.url;
  }

  request<T = unknown>(method: string, path: string, body?: string | object, contentType?: string): Promise<HttpAnswer<T>> {
    return this.service.request<T>(method, path, body, contentType);
  }

  /** `POST /v1/resources`; fails the test unless it answers 200. */
  async apply(body: string | object): Promise<unknown> {
    const answer = await this.request('POST', '/v1/resources', body);
    if (answer.status !== 200) throw new Error(`apply answered ${answer.status}: ${JSON.stringify(answer.body)}`);
    return answer.body;
  }
}

/**
 * Real scheduler processes over one database and one JetStream server, the test's seat on the bus, a stand-in for the
 * coordinator answering the migrations, and SQL.
 */
export class SchedulerHarness {
  private constructor(
    private readonly service: ServiceUnderTest,
    readonly replicas: SchedulerReplica[],
    readonly bus: TestBus,
    readonly coordinator: CoordinatorStandIn,
  ) {}

  static async start(opts: { replicas: number; env?: Record<string, string> }): Promise<SchedulerHarness> {
    const env = { TANDEM_SCHEDULER_TICK_INTERVAL_MS: '100', ...opts.env };
    const first = await startServiceUnderTest({ app: 'scheduler', name: 'scheduler-1', env });
    const replicas = [new SchedulerReplica(first)];
    try {
      for (let i = 1; i < opts.replicas; i++) {
        const more = await startService({ app: 'scheduler', name: `scheduler-${i + 1}`, natsUrl: first.nats.url, prefix: first.prefix, databaseUrl: first.db.url, env });
        replicas.push(new SchedulerReplica(more));
      }
      const bus = await TestBus.open(first.nats.url, first.prefix, 'scheduler');
      return new SchedulerHarness(first, replicas, bus, new CoordinatorStandIn(bus));
    } catch (error) {
      for (const r of replicas.slice(1)) await r.process.stop();
      await first.close();
      throw error;
    }
  }

  get api(): SchedulerReplica {
    return this.replicas[0]!;
  }

  get sql(): Client {
    return this.service.sql;
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
    this.coordinator.stop();
    await this.bus.close().catch(() => undefined);
    for (const r of this.replicas.slice(1)) await r.process.stop();
    await this.service.close();
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
