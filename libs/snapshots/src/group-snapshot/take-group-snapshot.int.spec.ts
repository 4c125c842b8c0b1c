import type { Platform } from '@tandem/platform';
import { type Rule, validateRule } from '@tandem/resources';
import { freePort, postgresBinDir, uniqueName, waitFor } from '@tandem/testing';
import { parse } from 'yaml';
import { applyAll, namespaceObject, postgresStatefulSet, postgresWriter, psql, statefulSetRef, deploymentRef, waitReady } from '../testing/lab-apps.fixture';
import { LabSiteFixture } from '@tandem/integration-testing';
import { takeGroupSnapshot } from './take-group-snapshot';

// An application-consistent group snapshot of a real PostgreSQL server on a lab site, with a writer committing a
// row every 50 ms. The pre rule, written as Stork users write it, holds `LOCK TABLE ledger IN SHARE MODE` in a
// background psql session until the snapshot is taken; the post rule checkpoints and records that it ran.
const ns = 'appns';

/** A Rule document read the way tandemctl reads it. */
function ruleFromYaml(text: string): Rule {
  const result = validateRule(parse(text));
  if (!result.ok) throw new Error(`bad rule in the test: ${JSON.stringify(result.problems)}`);
  return result.value;
}

function preRule(table: string): Rule {
  return ruleFromYaml(`
apiVersion: stork.libopenstorage.org/v1alpha1
kind: Rule
metadata: {name: pg-presnap, namespace: ${ns}}
rules:
  - podSelector: {app: pg}
    actions:
      - type: command
        background: true
        runInSinglePod: true
        value: psql -v ON_ERROR_STOP=1 -c 'BEGIN' -c 'LOCK TABLE ${table} IN SHARE MODE' -c '\\! \${WAIT_CMD}' -c 'COMMIT'
        timeout: 60s
`);
}

/** The lock, then an item that fails: the rule stops there and lets the lock go. */
function lockThenFail(): Rule {
  return { ...preRule('ledger'), rules: [...preRule('ledger').rules, { podSelector: { app: 'pg' }, actions: [{ type: 'command', value: 'echo no space left >&2; exit 7', background: false, runInSinglePod: true, timeoutMs: 10_000, retries: 0 }] }] };
}

function postRule(runId: string): Rule {
  return ruleFromYaml(`
apiVersion: stork.libopenstorage.org/v1alpha1
kind: Rule
metadata: {name: pg-postsnap, namespace: ${ns}}
rules:
  - podSelector: {app: pg}
    actions:
      - type: command
        runInSinglePod: true
        value: psql -v ON_ERROR_STOP=1 -c CHECKPOINT -c "INSERT INTO rule_log VALUES ('${runId}')"
        timeout: 30s
`);
}

describe('takeGroupSnapshot of PostgreSQL on a lab site', () => {
  let site: LabSiteFixture;
  let platform: Platform;

  beforeAll(async () => {
    site = await LabSiteFixture.create('group-snapshot');
    platform = await site.platform();
    const port = await freePort();
    const binDir = postgresBinDir();
    await applyAll(platform, [namespaceObject(ns), postgresStatefulSet(ns, port, binDir)]);
    await waitReady(platform, statefulSetRef(ns, 'pg'), 1).catch((error: Error) => {
      throw new Error(`${error.message}\nlog of pg-0:\n${site.podLog(ns, 'pg-0')}`);
    });
    await psql(platform, ns, 'CREATE TABLE ledger (id bigserial PRIMARY KEY, at timestamptz NOT NULL DEFAULT now()); CREATE TABLE rule_log (run text)');
    await applyAll(platform, [postgresWriter(ns, port, binDir)]);
    await waitReady(platform, deploymentRef(ns, 'writer'), 1);
    await writesContinue();
  });
  afterAll(async () => {
    await site?.dispose();
  });

  const rows = async (): Promise<number> => Number(await psql(platform, ns, 'SELECT count(*) FROM ledger'));
  const postRuns = async (): Promise<string[]> => (await psql(platform, ns, 'SELECT run FROM rule_log')).split('\n');
  const lockWaiters = async (): Promise<number> => Number(await psql(platform, ns, "SELECT count(*) FROM pg_stat_activity WHERE wait_event_type = 'Lock'"));

  /** The writer commits again: the row count grows (within 20 s). */
  async function writesContinue(): Promise<void> {
    const before = await rows();
    await waitFor(async () => (await rows()) > before + 5, { what: `the writer to commit rows after ${before}`, timeoutMs: 20_000, intervalMs: 200 });
  }

  it('captures while writes are held by the pre rule, then releases them and runs the post rule', async () => {
    const runId = uniqueName('consistent');
    const outcome = await takeGroupSnapshot({
      platform,
      namespace: ns,
      preRule: preRule('ledger'),
      postRule: postRule(runId),
      runId,
      snapshot: async () => {
        const first = await rows();
        await new Promise((resolve) => setTimeout(resolve, 1_500));
        return { first, second: await rows(), waiting: await lockWaiters() };
      },
    });

    expect(outcome).toMatchObject({ ok: true, stage: 'Done', failures: [] });
    expect(outcome.snapshot.status).toBe('taken');
    const seen = outcome.snapshot.status === 'taken' ? outcome.snapshot.value : undefined;
    // 1.5 s of a writer committing every 50 ms, and not one row: the capture saw a stable point.
    expect(seen?.second).toBe(seen?.first);
    expect(seen?.waiting).toBeGreaterThanOrEqual(1);
    expect(outcome.pre?.items[0].actions[0]).toMatchObject({ status: 'held', pods: [{ pod: 'pg-0', outcome: 'held' }] });
    expect(outcome.release?.actions[0].pods).toEqual([expect.objectContaining({ pod: 'pg-0', outcome: 'succeeded', exitCode: 0, stdoutTail: 'BEGIN\nLOCK TABLE\nCOMMIT\n' })]);
    expect(outcome.post?.items[0].actions[0].pods).toEqual([expect.objectContaining({ pod: 'pg-0', outcome: 'succeeded' })]);
    expect(await postRuns()).toContain(runId);
    expect(await lockWaiters()).toBe(0);
    await writesContinue();
  });

  it('still releases the lock and runs the post rule when the capture throws', async () => {
    const runId = uniqueName('capture_throws');
    const outcome = await takeGroupSnapshot({
      platform,
      namespace: ns,
      preRule: preRule('ledger'),
      postRule: postRule(runId),
      runId,
      snapshot: async () => {
        throw new Error('the volume of claim data-pg-0 could not be read');
      },
    });

    expect(outcome).toMatchObject({ ok: false, stage: 'Snapshot', release: { ok: true }, post: { ok: true } });
    expect(outcome.snapshot).toMatchObject({ status: 'failed', message: 'the volume of claim data-pg-0 could not be read' });
    expect(outcome.failures).toEqual(['the snapshot failed: the volume of claim data-pg-0 could not be read']);
    expect(await postRuns()).toContain(runId);
    await writesContinue();
  });

  it('releases the lock and runs the post rule when a later item of the pre rule fails, and takes no snapshot', async () => {
    const runId = uniqueName('later_item');
    let captured = false;
    const outcome = await takeGroupSnapshot({
      platform,
      namespace: ns,
      preRule: lockThenFail(),
      postRule: postRule(runId),
      runId,
      snapshot: async () => {
        captured = true;
      },
    });

    expect(captured).toBe(false);
    expect(outcome).toMatchObject({ ok: false, stage: 'PreRule', release: { ok: true }, post: { ok: true } });
    expect(outcome.pre?.items.map((item) => item.actions[0].status)).toEqual(['held', 'failed']);
    expect(outcome.failures).toEqual(["pre rule appns/pg-presnap rules[1].actions[0] (echo no space left >&2; exit 7): pod pg-0 exited with 7 (output: no space left)"]);
    expect(await postRuns()).toContain(runId);
    expect(await lockWaiters()).toBe(0);
    await writesContinue();
  });

  it('fails clearly, naming the pod and its output, when the background command dies before it holds; the post rule still runs', async () => {
    const runId = uniqueName('typo');
    let captured = false;
    const outcome = await takeGroupSnapshot({
      platform,
      namespace: ns,
      preRule: preRule('ledgr'),
      postRule: postRule(runId),
      runId,
      snapshot: async () => {
        captured = true;
      },
    });

    expect(captured).toBe(false);
    expect(outcome).toMatchObject({ ok: false, stage: 'PreRule', snapshot: { status: 'skipped', reason: 'the pre rule failed' }, post: { ok: true } });
    expect(outcome.failures).toHaveLength(1);
    expect(outcome.failures[0]).toMatch(/^pre rule appns\/pg-presnap rules\[0\]\.actions\[0\] \(psql .*\): pod pg-0: the background command ended before it reached \$\{WAIT_CMD\} \(exit code 1, output: ERROR: +relation "ledgr" does not exist\)$/);
    expect(await postRuns()).toContain(runId);
    await writesContinue();
  });
});
