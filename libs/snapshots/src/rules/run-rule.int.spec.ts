import { chmod, readdir, readFile, rm } from 'node:fs/promises';
import { join } from 'node:path';
import type { Platform } from '@tandem/platform';
import { tempDir, uniqueName } from '@tandem/testing';
import { LabSiteFixture } from '@tandem/integration-testing';
import { applyAll, deployment, deploymentRef, namespaceObject, waitReady } from '../testing/lab-apps.fixture';
import { command, ruleOf } from '../testing/rule.builder';
import { runRule } from './run-rule';

// Rules run in the real processes of a lab site: a Deployment of two idle shells. The commands leave traces in a
// directory of this machine (lab pods are local processes), so that the tests see what ran where, and how often.
const ns = 'apps';
const busy = { app: 'busy' };

describe('runRule on a lab site', () => {
  let site: LabSiteFixture;
  let platform: Platform;
  let dir: string;
  let pods: string[];

  beforeAll(async () => {
    site = await LabSiteFixture.create('rules');
    platform = await site.platform();
    await applyAll(platform, [namespaceObject(ns), deployment(ns, 'busy', 2, ['sh', '-c', 'while true; do sleep 1; done'])]);
    await waitReady(platform, deploymentRef(ns, 'busy'), 2);
    const echoed = await platform.exec({ namespace: ns, podSelector: { matchLabels: busy }, command: ['sh', '-c', 'echo $HOSTNAME'], timeoutMs: 10_000 });
    pods = echoed.map((result) => result.pod).sort();
  });
  afterAll(async () => {
    await site?.dispose();
  });
  beforeEach(async () => {
    dir = await tempDir('rule-traces');
    await chmod(dir, 0o777);
  });
  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  const lines = async (file: string): Promise<string[]> => (await readFile(join(dir, file), 'utf8').catch(() => '')).split('\n').filter((line) => line !== '');

  it('runs an action in every matching pod, and a runInSinglePod action in one', async () => {
    const rule = ruleOf(ns, 'both', [{ podSelector: busy, actions: [command('echo "$HOSTNAME"'), command('echo single', { runInSinglePod: true })] }]);
    const { report, held } = await runRule(platform, rule, { namespace: ns, phase: 'pre', runId: uniqueName('both') });

    expect(report).toMatchObject({ rule: `${ns}/both`, phase: 'pre', ok: true, failures: [] });
    const [everyPod, onePod] = report.items[0].actions;
    expect(everyPod.pods.map((pod) => [pod.pod, pod.outcome, pod.exitCode, pod.attempts, pod.stdoutTail])).toEqual(pods.map((pod) => [pod, 'succeeded', 0, 1, `${pod}\n`]));
    expect(onePod.pods).toHaveLength(1);
    expect(onePod.pods[0]).toMatchObject({ outcome: 'succeeded', stdoutTail: 'single\n' });
    expect(held.size).toBe(0);
  });

  it('retries a failing command `retries` times in each pod, then reports its exit code and output', async () => {
    const rule = ruleOf(ns, 'fails', [{ podSelector: busy, actions: [command(`echo run >> ${dir}/$HOSTNAME; echo disk full >&2; exit 3`, { retries: 2 })] }]);
    const { report } = await runRule(platform, rule, { namespace: ns, phase: 'pre', runId: uniqueName('fails') });

    expect(report.ok).toBe(false);
    const action = report.items[0].actions[0];
    expect(action.pods.map((pod) => [pod.pod, pod.outcome, pod.exitCode, pod.attempts, pod.stderrTail])).toEqual(pods.map((pod) => [pod, 'failed', 3, 3, 'disk full\n']));
    for (const pod of pods) expect(await lines(pod)).toEqual(['run', 'run', 'run']);
    expect(report.failures).toEqual([
      `pre rule ${ns}/fails rules[0].actions[0] (echo run >> ${dir}/$HOSTNAME; echo disk full >&2; exit 3): ` +
        pods.map((pod) => `pod ${pod} exited with 3 after 3 attempts (output: disk full)`).join('; '),
    ]);
  });

  it('tries again only in the pods that failed', async () => {
    // The first pod to create the directory fails once; the other succeeds at once.
    const flaky = `echo run >> ${dir}/runs; if mkdir ${dir}/first 2>/dev/null; then exit 1; fi`;
    const { report } = await runRule(platform, ruleOf(ns, 'flaky', [{ podSelector: busy, actions: [command(flaky, { retries: 3 })] }]), { namespace: ns, phase: 'pre', runId: uniqueName('flaky') });

    expect(report.ok).toBe(true);
    expect(report.items[0].actions[0].pods.map((pod) => pod.attempts).sort()).toEqual([1, 2]);
    expect(await lines('runs')).toHaveLength(3);
  });

  it('reports a command still running at its timeout as timed out', async () => {
    const rule = ruleOf(ns, 'slow', [{ podSelector: busy, actions: [command('sleep 30', { timeoutMs: 1_000, runInSinglePod: true })] }]);
    const started = Date.now();
    const { report } = await runRule(platform, rule, { namespace: ns, phase: 'pre', runId: uniqueName('slow') });

    expect(Date.now() - started).toBeLessThan(10_000);
    expect(report.items[0].actions[0].pods).toEqual([expect.objectContaining({ outcome: 'timed-out', exitCode: null, attempts: 1 })]);
    expect(report.failures[0]).toMatch(/rules\[0\]\.actions\[0\] \(sleep 30\): pod busy-\S+ was still running after the action's timeout of 1s, and was stopped/);
  });

  it('fails a rule whose selector matches no pod, naming the selector, and runs nothing after it', async () => {
    const rule = ruleOf(ns, 'nothing', [
      { podSelector: { app: 'nothing', tier: 'db' }, actions: [command('true')] },
      { podSelector: busy, actions: [command(`touch ${dir}/after`)] },
    ]);
    const { report } = await runRule(platform, rule, { namespace: ns, phase: 'post', runId: uniqueName('nothing') });

    expect(report.ok).toBe(false);
    expect(report.failures).toEqual([`post rule ${ns}/nothing rules[0].actions[0] (true): no pod in namespace ${ns} matches podSelector app=nothing,tier=db`]);
    expect(report.items).toHaveLength(1);
    expect(await readdir(dir)).toEqual([]);
  });

  it('holds a background action in every pod until released, then reports how each command ended', async () => {
    const runId = uniqueName('hold');
    const value = `echo holding; \${WAIT_CMD}; echo "$HOSTNAME" >> ${dir}/released`;
    const { report, held } = await runRule(platform, ruleOf(ns, 'hold', [{ podSelector: busy, actions: [command(value, { background: true, timeoutMs: 60_000 })] }]), { namespace: ns, phase: 'pre', runId });

    expect(report.ok).toBe(true);
    expect(report.items[0].actions[0]).toMatchObject({ status: 'held', background: true });
    expect(report.items[0].actions[0].pods.map((pod) => [pod.pod, pod.outcome])).toEqual(pods.map((pod) => [pod, 'held']));
    expect((await readdir('/tmp')).filter((file) => file.includes(runId)).sort()).toEqual(pods.map((pod) => `tandem-rule-${runId}-0.0-${pod}.held`));
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(await lines('released')).toEqual([]);

    const released = await held.release();
    expect(released).toMatchObject({ ok: true, failures: [] });
    expect(released.actions[0].status).toBe('succeeded');
    expect(released.actions[0].pods.map((pod) => [pod.pod, pod.outcome, pod.exitCode, pod.stdoutTail])).toEqual(pods.map((pod) => [pod, 'succeeded', 0, 'holding\n']));
    expect((await lines('released')).sort()).toEqual(pods);
    expect((await readdir('/tmp')).filter((file) => file.includes(runId))).toEqual([]);
    expect(await held.release()).toBe(released);
  });

  it('lets go by itself when nothing releases the hold within the timeout, and says so at release', async () => {
    const value = `\${WAIT_CMD}; echo after`;
    const { report, held } = await runRule(platform, ruleOf(ns, 'forgotten', [{ podSelector: busy, actions: [command(value, { background: true, runInSinglePod: true, timeoutMs: 1_000 })] }]), {
      namespace: ns,
      phase: 'pre',
      runId: uniqueName('forgotten'),
    });
    expect(report.ok).toBe(true);
    await new Promise((resolve) => setTimeout(resolve, 2_500));

    const released = await held.release();
    expect(released.ok).toBe(false);
    expect(released.actions[0].pods).toEqual([expect.objectContaining({ outcome: 'succeeded', stdoutTail: 'after\n', stderrTail: expect.stringContaining('ended by itself after 1s') })]);
    expect(released.failures[0]).toMatch(/pod busy-\S+ stopped holding before it was released \(exit code 0, output: tandem: the hold at WAIT_CMD ended by itself after 1s/);
  });

  it('stops when the signal aborts while waiting for the pods to hold, and lets them go', async () => {
    const stop = new AbortController();
    setTimeout(() => stop.abort(new Error('the migration was cancelled')), 300);
    const value = `sleep 2; \${WAIT_CMD}; echo passed`;
    const started = Date.now();
    const { report, held } = await runRule(platform, ruleOf(ns, 'aborted', [{ podSelector: busy, actions: [command(value, { background: true, runInSinglePod: true, timeoutMs: 60_000 })] }]), {
      namespace: ns,
      phase: 'pre',
      runId: uniqueName('aborted'),
      signal: stop.signal,
    });

    expect(report.failures).toEqual([expect.stringMatching(/\(sleep 2; \$\{WAIT_CMD\}; echo passed\): stopped while waiting for pod busy-\S+ to reach \$\{WAIT_CMD\}: the migration was cancelled$/)]);
    // Released before it reached the placeholder, the command passes it at once instead of holding for 60 s.
    expect(report.items[0].actions[0].pods).toEqual([expect.objectContaining({ outcome: 'succeeded', stdoutTail: 'passed\n' })]);
    expect(Date.now() - started).toBeLessThan(10_000);
    expect((await held.release()).actions).toEqual([]);
  });

  it('refuses a background action in a post rule without running anything', async () => {
    const rule = ruleOf(ns, 'post-bg', [{ podSelector: busy, actions: [command(`touch ${dir}/ran; \${WAIT_CMD}`, { background: true })] }]);
    const { report } = await runRule(platform, rule, { namespace: ns, phase: 'post', runId: uniqueName('postbg') });

    expect(report.failures).toEqual([expect.stringContaining('a post rule cannot have a background action')]);
    expect(await readdir(dir)).toEqual([]);
  });
});
