import type { ConsumerMessages } from '@nats-io/jetstream';
import { type CloudEvent, ResolveClusterPair, ResolveClusterPairFailed, type SagaRef } from '@tandem/contracts';
import { TestBus } from '@tandem/integration-testing';
import { protectSagaId } from '@tandem/sagas';
import { type HttpAnswer, type ServiceUnderTest, startServiceUnderTest, waitFor } from '@tandem/testing';

interface Problem {
  document?: number;
  kind?: string;
  path: string;
  line?: number;
  message: string;
  fix: string;
}

const migration = (name: string, spec = '  clusterPair: dr-site\n  namespaces: [appns]\n') => `apiVersion: stork.libopenstorage.org/v1alpha1
kind: Migration
metadata:
  name: ${name}
  namespace: appns
spec:
${spec}`;

/**
 * One-off Migration documents at a real coordinator process (its own database, a real JetStream server), with no
 * other service running: each starts a protect saga whose first command is on the bus; the test answers it.
 */
describe('coordinator: one-off Migration documents', () => {
  let coordinator: ServiceUnderTest;
  let bus: TestBus;
  let reader: ConsumerMessages;
  const commands: CloudEvent<Record<string, unknown>>[] = [];

  beforeAll(async () => {
    coordinator = await startServiceUnderTest({ app: 'coordinator', env: { TANDEM_SAGA_TIMER_INTERVAL_MS: '50' } });
    bus = await TestBus.open(coordinator.nats.url, coordinator.prefix, 'oneoff');
    reader = await (await bus.bus.js.consumers.get(bus.bus.naming.streams.commands)).consume();
    void (async () => {
      for await (const m of reader) commands.push(m.json<CloudEvent<Record<string, unknown>>>());
    })();
  });

  afterAll(async () => {
    reader?.stop();
    await bus?.close();
    await coordinator?.close();
  });

  const request = <T = Record<string, unknown>>(method: string, path: string, body?: string | object): Promise<HttpAnswer<T>> => coordinator.request<T>(method, path, body);

  const resolveCommandOf = (sagaId: string) =>
    waitFor(() => commands.find((c) => c.type === ResolveClusterPair.type && c.data['requestId'] === `${sagaId}.resolve-pair`), {
      what: `resolve-cluster-pair of ${sagaId} on the bus`,
      timeoutMs: 20_000,
    });

  it('starts a protect saga for a Migration: its spec with Stork defaults, no schedule, and resolve-cluster-pair on the bus', async () => {
    const answer = await request('POST', '/v1/resources', migration('appns-now'));
    expect(answer).toEqual({ status: 200, body: { applied: [{ kind: 'Migration', namespace: 'appns', name: 'appns-now', action: 'created' }], warnings: [] } });

    const sagaId = protectSagaId('appns', 'appns-now');
    const { rows } = await coordinator.sql.query(`SELECT name, phase, state FROM tandem_saga WHERE id = $1`, [sagaId]);
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ name: 'protect', phase: 'Running' });
    const input = rows[0].state.input as Record<string, unknown>;
    expect(input).toEqual({
      migration: 'appns-now',
      namespace: 'appns',
      firedAt: expect.any(String),
      template: {
        clusterPair: 'dr-site',
        namespaces: ['appns'],
        selectors: {},
        excludeSelectors: {},
        includeResources: true,
        includeVolumes: true,
        startApplications: false,
        purgeDeletedResources: false,
        includeOptionalResourceTypes: [],
      },
    });

    const command = await resolveCommandOf(sagaId);
    expect(command.data).toMatchObject({ namespace: 'appns', name: 'dr-site', sagaRef: { sagaId, step: 'resolve-pair' } });
    const view = await request('GET', '/v1/migrations/appns/appns-now');
    expect(view.body).toMatchObject({ namespace: 'appns', name: 'appns-now', clusterPair: 'dr-site', status: 'InProgress', step: 'resolve-pair' });
  });

  it('answers the same Migration again unchanged, starting nothing new; the same name with another spec is a problem', async () => {
    const again = await request('POST', '/v1/resources', migration('appns-now'));
    expect(again.body).toEqual({ applied: [{ kind: 'Migration', namespace: 'appns', name: 'appns-now', action: 'unchanged' }], warnings: [] });
    const { rows } = await coordinator.sql.query(`SELECT count(*)::int AS n FROM tandem_saga_log WHERE saga_id = $1 AND type = 'SagaStarted'`, [protectSagaId('appns', 'appns-now')]);
    expect(rows[0].n).toBe(1);

    const changed = await request<{ problems: Problem[] }>('POST', '/v1/resources', migration('appns-now', '  clusterPair: dr-site\n  namespaces: [appns]\n  includeVolumes: false\n'));
    expect(changed.status).toBe(400);
    expect(changed.body.problems).toEqual([
      expect.objectContaining({ document: 1, kind: 'Migration', path: 'spec', line: 6, message: expect.stringContaining('was started before with another spec') }),
    ]);
  });

  it('refuses a bad document naming the field and line, and the kinds it does not keep naming their service; nothing starts', async () => {
    const bad = await request<{ problems: Problem[] }>('POST', '/v1/resources', `${migration('second', '  clusterPair: dr-site\n  namespaces: [appns]\n  includeVolumes: "yes"\n')}---
apiVersion: stork.libopenstorage.org/v1alpha1
kind: SchedulePolicy
metadata: {name: every-hour}
policy: {interval: {intervalMinutes: 60}}
`);
    expect(bad.status).toBe(400);
    expect(bad.body.problems.map(({ document, path, line, message }) => ({ document, path, line, message }))).toEqual([
      { document: 1, path: 'spec.includeVolumes', line: 9, message: 'expected true or false, got "yes"' },
      { document: 2, path: 'kind', line: 12, message: 'the coordinator keeps one-off Migration resources only; SchedulePolicy resources are kept by the scheduler' },
    ]);
    const nothing = await request<{ problems: Problem[] }>('POST', '/v1/resources', migration('moves-nothing', '  clusterPair: dr-site\n  namespaces: [appns]\n  includeVolumes: false\n  includeResources: false\n'));
    expect(nothing.body.problems).toEqual([expect.objectContaining({ path: 'spec.includeResources', message: expect.stringContaining('moves nothing') })]);
    const json = await request<{ problems: Problem[] }>('POST', '/v1/resources', { apiVersion: 'tandem.dev/v1alpha1', kind: 'Migration', metadata: { name: 'from-json', namespace: 'appns' }, spec: { namespaces: ['appns'] } });
    expect(json.body.problems).toEqual([expect.objectContaining({ document: 1, path: 'spec.clusterPair', message: 'required field is missing' })]);
    const { rows } = await coordinator.sql.query(`SELECT id FROM tandem_saga ORDER BY id`);
    expect(rows.map((r: { id: string }) => r.id)).toEqual([protectSagaId('appns', 'appns-now')]);
  });

  it('deletes a finished one-off migration only: 409 in progress, 404 unknown, 400 for a run of a schedule', async () => {
    const inProgress = await request<{ message: string }>('DELETE', '/v1/migrations/appns/appns-now');
    expect(inProgress.status).toBe(409);
    expect(inProgress.body.message).toMatch(/^migration appns\/appns-now is in progress/);

    expect((await request('DELETE', '/v1/migrations/appns/never-was')).status).toBe(404);

    const scheduledId = protectSagaId('appns', 'nightly-interval-2026-11-26-100000');
    const scheduled = await request('POST', '/v1/sagas', {
      saga: 'protect',
      id: scheduledId,
      input: {
        migration: 'nightly-interval-2026-11-26-100000',
        namespace: 'appns',
        schedule: 'nightly',
        schedulePolicy: 'hourly',
        policyType: 'interval',
        firedAt: '2026-11-26T10:00:00.000Z',
        template: { clusterPair: 'dr-site', namespaces: ['appns'], selectors: {}, excludeSelectors: {}, includeResources: true, includeVolumes: true, startApplications: false, purgeDeletedResources: false, includeOptionalResourceTypes: [] },
      },
    });
    expect(scheduled.status).toBe(202);
    const ofSchedule = await request<{ message: string }>('DELETE', '/v1/migrations/appns/nightly-interval-2026-11-26-100000');
    expect(ofSchedule.status).toBe(400);
    expect(ofSchedule.body.message).toContain('MigrationSchedule "nightly"');

    // The failover service's answer, as it would send it: the pair does not exist; the migration ends Failed.
    const sagaId = protectSagaId('appns', 'appns-now');
    const command = await resolveCommandOf(sagaId);
    await bus.send(
      ResolveClusterPairFailed,
      { requestId: command.data['requestId'] as string, sagaRef: command.data['sagaRef'] as SagaRef, reason: 'no ClusterPair "dr-site" in namespace "appns"', retryable: false },
      { id: `${command.data['requestId'] as string}/answer` },
    );
    await waitFor(async () => (await request<{ status: string }>('GET', '/v1/migrations/appns/appns-now')).body.status === 'Failed', { what: 'the migration to end Failed', timeoutMs: 20_000 });

    expect((await request('DELETE', '/v1/migrations/appns/appns-now')).status).toBe(204);
    expect((await request('GET', '/v1/migrations/appns/appns-now')).status).toBe(404);
    const { rows } = await coordinator.sql.query(`SELECT count(*)::int AS n FROM tandem_saga_log WHERE saga_id = $1`, [sagaId]);
    expect(rows[0].n).toBe(0);
    // Once forgotten, the name may run again.
    expect((await request('POST', '/v1/resources', migration('appns-now'))).body).toMatchObject({ applied: [{ action: 'created' }] });
  });
});
