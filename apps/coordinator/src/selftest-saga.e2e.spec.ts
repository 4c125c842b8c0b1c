import { join } from 'node:path';
import { Client } from 'pg';
import { BusConnection } from '@tandem/bus';
import { busNaming, CloudEvent, encodeCloudEvent, MessageFailed, StartSaga } from '@tandem/contracts';
import { readSpansFile } from '@tandem/observability';
import {
  createTestDatabase,
  freePort,
  NatsServerHandle,
  ServiceProcess,
  startNatsServer,
  startServiceProcess,
  tempDir,
  TestDatabase,
  uniqueName,
  waitFor,
} from '@tandem/testing';

/**
 * The saga engine across real processes: a coordinator and an agent, each with its own Postgres database,
 * over a real JetStream server. The coordinator is killed with SIGKILL at each step boundary in turn.
 */
describe('self-test saga across a coordinator and an agent process', () => {
  let nats: NatsServerHandle;
  let coordDb: TestDatabase;
  let agentDb: TestDatabase;
  let coordinator: ServiceProcess;
  let agent: ServiceProcess;
  let coordUrl: string;
  let spansFile: string;
  let coordSql: Client;
  let agentSql: Client;
  let bus: BusConnection;

  beforeAll(async () => {
    const dir = await tempDir('saga-e2e');
    spansFile = join(dir, 'spans.jsonl');
    nats = await startNatsServer();
    [coordDb, agentDb] = await Promise.all([createTestDatabase('coord'), createTestDatabase('agent')]);
    const common = {
      TANDEM_NATS_URL: nats.url,
      TANDEM_BUS_PREFIX: uniqueName('e2e'),
      TANDEM_HTTP_HOST: '127.0.0.1',
      TANDEM_SPANS_FILE: spansFile,
      TANDEM_LOG_LEVEL: 'warn',
    };
    const coordPort = await freePort();
    coordUrl = `http://127.0.0.1:${coordPort}`;
    const agentPort = await freePort();
    agent = await startServiceProcess({
      name: 'agent',
      entry: 'apps/agent/src/main.ts',
      env: { ...common, TANDEM_DATABASE_URL: agentDb.url, TANDEM_HTTP_PORT: String(agentPort), TANDEM_AGENT_DATA_DIR: join(dir, 'agent') },
      readyUrl: `http://127.0.0.1:${agentPort}/readyz`,
    });
    coordinator = await startServiceProcess({
      name: 'coordinator',
      entry: 'apps/coordinator/src/main.ts',
      env: { ...common, TANDEM_DATABASE_URL: coordDb.url, TANDEM_HTTP_PORT: String(coordPort), TANDEM_SAGA_TIMER_INTERVAL_MS: '50' },
      readyUrl: `${coordUrl}/readyz`,
    });
    bus = await BusConnection.open({ servers: nats.url, name: 'e2e-test', naming: busNaming(common.TANDEM_BUS_PREFIX) });
    coordSql = new Client({ connectionString: coordDb.url });
    agentSql = new Client({ connectionString: agentDb.url });
    await Promise.all([coordSql.connect(), agentSql.connect()]);
  });

  afterAll(async () => {
    await bus?.drain();
    await coordSql?.end();
    await agentSql?.end();
    await coordinator?.stop();
    await agent?.stop();
    await nats?.stop();
    await coordDb?.drop();
    await agentDb?.drop();
  });

  const startSaga = async (input: Record<string, unknown>): Promise<string> => {
    const res = await fetch(`${coordUrl}/v1/sagas`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ saga: 'selftest', input }),
    });
    expect(res.status).toBe(202);
    return ((await res.json()) as { id: string }).id;
  };

  const phaseOf = async (id: string): Promise<string | undefined> =>
    (await coordSql.query(`SELECT phase FROM tandem_saga WHERE id = $1`, [id])).rows[0]?.phase;

  const waitForPhase = (id: string, phase: string, timeoutMs = 60_000) =>
    waitFor(async () => (await phaseOf(id)) === phase, { timeoutMs, what: `saga ${id} to be ${phase}` });

  const effects = async (id: string): Promise<string[]> =>
    (
      await agentSql.query(`SELECT step, action, attempt, outcome FROM agent_selftest_effect WHERE saga_id = $1 ORDER BY id`, [id])
    ).rows.map((r: { step: string; action: string; attempt: number; outcome: string }) => `${r.step}:${r.action}:${r.attempt}:${r.outcome}`);

  it('completes, and every step is done once', async () => {
    const id = await startSaga({ probe: 'hello' });
    await waitForPhase(id, 'Completed');
    expect(await effects(id)).toEqual(['write-probe:do:1:done', 'verify-probe:do:1:done', 'report:do:1:done']);
    const view = (await (await fetch(`${coordUrl}/v1/sagas/${id}`)).json()) as { phase: string; log: { type: string }[] };
    expect(view.phase).toBe('Completed');
    expect(view.log.map((e) => e.type)).toEqual([
      'SagaStarted',
      'StepDispatched',
      'StepSucceeded',
      'StepDispatched',
      'StepSucceeded',
      'StepDispatched',
      'StepSucceeded',
      'SagaCompleted',
    ]);
  });

  it('appears as one trace across both services', async () => {
    const id = await startSaga({ probe: 'traced' });
    await waitForPhase(id, 'Completed');
    const spans = await waitFor(
      () => {
        const all = readSpansFile(spansFile);
        const root = all.find((s) => s.name === 'saga selftest' && s.attributes['tandem.saga.id'] === id);
        if (!root) return undefined;
        const inTrace = all.filter((s) => s.traceId === root.traceId);
        const agentHandled = inTrace.filter((s) => s.service === 'agent' && s.name.startsWith('handle tandem.agent.run-selftest-step'));
        return agentHandled.length >= 3 ? inTrace : undefined;
      },
      { timeoutMs: 15_000, what: 'the spans of the saga from both services' },
    );
    expect(new Set(spans.map((s) => s.service))).toEqual(new Set(['coordinator', 'agent']));
    expect(spans.filter((s) => s.service === 'coordinator' && s.name.startsWith('handle tandem.agent.selftest-step-succeeded'))).toHaveLength(3);
  });

  // Boundaries: the k-th fact of the step log is committed (the first one is the dispatch of step 1, the
  // last one the completion). The agent holds each step, so the kill lands while the saga waits there.
  const boundaries: [string, (log: string[]) => boolean][] = [
    ['step 1 dispatched', (log) => log.filter((t) => t === 'StepDispatched').length === 1],
    ['step 1 succeeded', (log) => log.filter((t) => t === 'StepSucceeded').length === 1],
    ['step 2 succeeded', (log) => log.filter((t) => t === 'StepSucceeded').length === 2],
    ['step 3 dispatched', (log) => log.filter((t) => t === 'StepDispatched').length === 3],
  ];

  it.each(boundaries)('survives SIGKILL of the coordinator at "%s" and does each step once', async (_name, reached) => {
    const id = await startSaga({ probe: `kill-${_name}`, holdMs: 700 });
    await waitFor(
      async () => reached((await coordSql.query(`SELECT type FROM tandem_saga_log WHERE saga_id = $1 ORDER BY seq`, [id])).rows.map((r: { type: string }) => r.type)),
      { timeoutMs: 30_000, intervalMs: 5, what: `saga ${id} to reach ${_name}` },
    );
    const exit = await coordinator.kill('SIGKILL');
    expect(exit.signal).toBe('SIGKILL');
    await coordinator.restart();
    await waitForPhase(id, 'Completed');
    expect(await effects(id)).toEqual(['write-probe:do:1:done', 'verify-probe:do:1:done', 'report:do:1:done']);
    const log = (await coordSql.query(`SELECT type FROM tandem_saga_log WHERE saga_id = $1 ORDER BY seq`, [id])).rows.map((r: { type: string }) => r.type);
    expect(log.filter((t: string) => t === 'StepSucceeded')).toHaveLength(3);
    expect(log.filter((t: string) => t === 'SagaCompleted')).toHaveLength(1);
  });

  it('survives SIGKILL of the agent while it holds a step, and does that step once', async () => {
    // The killed attempt is redelivered after JetStream's ack wait (30 s), so the step times out first and is
    // retried: the retry must find the step done (or do it), never do it twice.
    // Enough attempts to outlast the agent's restart on a busy machine (each waits 4 s for an answer).
    const id = await startSaga({ probe: 'kill-agent', holdMs: 1_500, stepTimeoutMs: 4_000, retryBackoffMs: 100, maxAttempts: 10 });
    await waitFor(
      async () => (await coordSql.query(`SELECT count(*)::int AS n FROM tandem_saga_log WHERE saga_id = $1 AND type = 'StepDispatched'`, [id])).rows[0].n === 2,
      { timeoutMs: 30_000, intervalMs: 5, what: 'step 2 dispatched' },
    );
    await new Promise((r) => setTimeout(r, 300)); // the agent has taken the command and is holding it
    await agent.kill('SIGKILL');
    await agent.restart();
    await waitForPhase(id, 'Completed');
    // Which attempt did the work depends on timing; that it was done once does not.
    const done = (await effects(id)).filter((e) => e.endsWith(':done')).map((e) => e.replace(/:\d+:done$/, ''));
    expect(done).toEqual(['write-probe:do', 'verify-probe:do', 'report:do']);
  });

  it('keeps accepting sagas while NATS is down and finishes them when it is back', async () => {
    await nats.stop();
    const ids: string[] = [];
    for (let i = 0; i < 5; i++) ids.push(await startSaga({ probe: `outage-${i}` }));
    const ready = await waitFor(
      async () => {
        const res = await fetch(`${coordUrl}/readyz`);
        return res.status === 503 ? ((await res.json()) as { failing: { name: string }[] }) : undefined;
      },
      { timeoutMs: 15_000, what: 'the coordinator to report NATS as not ready' },
    );
    expect(ready.failing.map((f) => f.name)).toContain('nats');
    for (const id of ids) expect(await phaseOf(id)).toBe('Running');
    await nats.restart();
    for (const id of ids) await waitForPhase(id, 'Completed');
    for (const id of ids) expect(await effects(id)).toEqual(['write-probe:do:1:done', 'verify-probe:do:1:done', 'report:do:1:done']);
  });

  it('fires a step deadline that fell due while the coordinator was down', async () => {
    const id = await startSaga({ probe: 'timer', faults: { 'write-probe': 'hang' }, stepTimeoutMs: 1_000, maxAttempts: 2, retryBackoffMs: 100 });
    await waitFor(async () => (await coordSql.query(`SELECT 1 FROM tandem_saga_timer WHERE saga_id = $1`, [id])).rowCount === 1, {
      timeoutMs: 10_000,
      what: 'the step deadline timer',
    });
    await coordinator.kill('SIGKILL');
    await new Promise((r) => setTimeout(r, 1_500)); // the deadline passes with no coordinator running
    await coordinator.restart();
    await waitForPhase(id, 'Compensated');
    expect(await effects(id)).toEqual(['write-probe:do:1:hung', 'write-probe:do:2:hung']);
  });

  it('undoes completed steps in reverse order when a step fails without retry', async () => {
    const id = await startSaga({ probe: 'fail', faults: { report: 'fail' } });
    await waitForPhase(id, 'Compensated');
    expect(await effects(id)).toEqual([
      'write-probe:do:1:done',
      'verify-probe:do:1:done',
      'report:do:1:failed',
      'verify-probe:undo:1:done',
      'write-probe:undo:1:done',
    ]);
    const view = (await (await fetch(`${coordUrl}/v1/sagas/${id}`)).json()) as { state: { failure: string } };
    expect(view.state.failure).toBe('report failed after 1 attempt(s): fault injected into report');
  });

  it('retries a step that outlives its timeout per policy, then compensates', async () => {
    const id = await startSaga({ probe: 'hang', faults: { 'verify-probe': 'hang' }, stepTimeoutMs: 1_000, maxAttempts: 3, retryBackoffMs: 200 });
    await waitForPhase(id, 'Compensated');
    expect(await effects(id)).toEqual([
      'write-probe:do:1:done',
      'verify-probe:do:1:hung',
      'verify-probe:do:2:hung',
      'verify-probe:do:3:hung',
      'write-probe:undo:1:done',
    ]);
  });

  it('serves its OpenAPI document and its metrics', async () => {
    const doc = (await (await fetch(`${coordUrl}/openapi.json`)).json()) as { paths: Record<string, unknown> };
    expect(Object.keys(doc.paths)).toEqual(expect.arrayContaining(['/v1/sagas', '/v1/sagas/{id}']));
    const metrics = await (await fetch(`${coordUrl}/metrics`)).text();
    expect(metrics).toMatch(/tandem_saga_transitions_total\{saga="selftest",type="SagaCompensated"\} [1-9]/);
    expect(metrics).toMatch(/tandem_bus_messages_total\{consumer="coordinator",type="tandem.agent.selftest-step-succeeded.v1",outcome="handled"\} [1-9]/);
  });

  it('dead-letters a start-saga command it cannot take, with the reason a person can act on', async () => {
    const command: CloudEvent<unknown> = {
      specversion: '1.0',
      id: `start-${Date.now()}`,
      source: 'e2e-test',
      type: StartSaga.type,
      time: new Date().toISOString(),
      datacontenttype: 'application/json',
      data: { sagaId: 'no-such-saga-1', saga: 'no-such-saga', input: {} },
    };
    await bus.publish(StartSaga.subject(bus.naming), encodeCloudEvent(command));
    const failed = await waitFor(
      async () => {
        const consumer = await bus.js.consumers.get(bus.naming.streams.events, { filter_subjects: [MessageFailed.subject(bus.naming)] });
        for await (const m of await consumer.fetch({ max_messages: 100, expires: 1_000 })) {
          const data = (m.json() as CloudEvent<{ messageId?: string; reason: string; deliveries: number }>).data;
          if (data.messageId === command.id) return data;
          if (m.info.pending === 0) break;
        }
        return undefined;
      },
      { timeoutMs: 15_000, what: 'the message-failed event of the start-saga command' },
    );
    // Refused at once (not retried), with the engine's own words rather than a generic server error.
    expect(failed.deliveries).toBe(1);
    expect(failed.reason).toMatch(/^failed after 1 attempt\(s\): unknown saga "no-such-saga"; this coordinator runs selftest/);
  });

  it('rejects a saga with bad input, saying what is wrong', async () => {
    const res = await fetch(`${coordUrl}/v1/sagas`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ saga: 'selftest', input: { probe: 'x', maxAttempts: 0 } }),
    });
    expect(res.status).toBe(400);
    expect(((await res.json()) as { message: string }).message).toBe('input.maxAttempts: expected an integer from 1 to 10, got 0');
  });

  it('stops gracefully on SIGTERM: consumers drain, the database closes, exit code 0', async () => {
    const [c, a] = await Promise.all([coordinator.stop(), agent.stop()]);
    expect(c).toEqual(expect.objectContaining({ code: 0, signal: null }));
    expect(a).toEqual(expect.objectContaining({ code: 0, signal: null }));
  });
});
