import { randomUUID } from 'node:crypto';
import { readdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { type DataOf, GroupSnapshotFailed, GroupSnapshotTaken, TakeGroupSnapshot } from '@tandem/contracts';
import { type KubeObject, type LabPlatform, TANDEM_FIELD_MANAGER } from '@tandem/platform';
import { ARTICLE_RULE } from '@tandem/resources';
import { waitFor } from '@tandem/testing';
import { LabSiteFixture } from '@tandem/integration-testing';
import { SnapshotHarness } from './testing/snapshot.harness';

// The snapshot service as a real process, over a real lab site (a Deployment whose pod mounts a claim), NATS
// JetStream and PostgreSQL: Rules through its HTTP API, group snapshots through the bus.
const ns = 'appns';
const other = 'appns-two';

interface Problem {
  document?: number;
  kind?: string;
  path: string;
  line?: number;
  message: string;
  fix: string;
}

function app(ns: string): KubeObject[] {
  return [
    { apiVersion: 'v1', kind: 'Namespace', metadata: { name: ns } },
    {
      apiVersion: 'v1',
      kind: 'PersistentVolumeClaim',
      metadata: { name: 'data', namespace: ns },
      spec: { accessModes: ['ReadWriteOnce'], resources: { requests: { storage: '1Gi' } } },
    },
    {
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata: { name: 'web', namespace: ns, labels: { app: 'web' } },
      spec: {
        replicas: 1,
        selector: { matchLabels: { app: 'web' } },
        template: {
          metadata: { labels: { app: 'web' } },
          spec: {
            terminationGracePeriodSeconds: 2,
            containers: [{ name: 'main', image: 'busybox', command: ['tail', '-f', '/dev/null'], volumeMounts: [{ name: 'data', mountPath: '/data' }] }],
            volumes: [{ name: 'data', persistentVolumeClaim: { claimName: 'data' } }],
          },
        },
      },
    },
  ];
}

/** The pre rule holds in the background; the files it writes before and after its hold show when it held. */
const PRE_RULE = `apiVersion: tandem.dev/v1alpha1
kind: Rule
metadata:
  name: web-presnap
  namespace: ${ns}
rules:
  - podSelector:
      app: web
    actions:
      - type: command
        background: true
        runInSinglePod: true
        value: rm -f "$VOLUME_DATA/after-hold"; echo run >> "$VOLUME_DATA/pre-runs"; echo held > "$VOLUME_DATA/before-hold"; \${WAIT_CMD}; echo released > "$VOLUME_DATA/after-hold"
        timeout: 60s
`;

const POST_RULE = `apiVersion: tandem.dev/v1alpha1
kind: Rule
metadata:
  name: web-postsnap
  namespace: ${ns}
rules:
  - podSelector:
      app: web
    actions:
      - type: command
        value: echo post >> "$VOLUME_DATA/post-runs"
`;

function command(requestId: string, overrides: Partial<DataOf<typeof TakeGroupSnapshot>> = {}): DataOf<typeof TakeGroupSnapshot> {
  return {
    requestId,
    runId: 'web-protect-1',
    namespaces: [ns],
    selectors: {},
    excludeSelectors: {},
    includeVolumes: true,
    ruleNamespace: ns,
    preExecRule: 'web-presnap',
    postExecRule: 'web-postsnap',
    ...overrides,
  };
}

describe('snapshot service', () => {
  let site: LabSiteFixture;
  let platform: LabPlatform;
  let h: SnapshotHarness;
  let volumePath: string;
  let volumeName: string;
  let otherVolumeName: string;

  beforeAll(async () => {
    site = await LabSiteFixture.create('snapshot-service');
    platform = await site.platform();
    for (const object of [...app(ns), ...app(other)]) await platform.apply(object, { fieldManager: TANDEM_FIELD_MANAGER });
    const bound = async (namespace: string) => {
      const [binding] = await platform.volumesFor(namespace, ['data']);
      return binding?.path !== undefined && binding;
    };
    const binding = await waitFor(() => bound(ns), { what: 'claim data to be bound', timeoutMs: 30_000, intervalMs: 100 });
    volumePath = binding.path!;
    volumeName = binding.volumeName!;
    const otherBinding = await waitFor(() => bound(other), { what: `claim ${other}/data to be bound`, timeoutMs: 30_000, intervalMs: 100 });
    otherVolumeName = otherBinding.volumeName!;
    await writeFile(join(volumePath, 'table'), 'rows\n');
    for (const namespace of [ns, other]) {
      await waitFor(async () => (await platform.workloadStatus({ apiVersion: 'apps/v1', kind: 'Deployment', namespace, name: 'web' })).ready === 1, {
        what: `the web pod of ${namespace} to be ready`,
        timeoutMs: 60_000,
        intervalMs: 100,
      });
    }
    h = await SnapshotHarness.start({ siteDir: site.dir });
  });

  afterAll(async () => {
    await h?.close();
    await platform?.close();
    await site?.dispose();
  });

  it("applies the article's Rule and lists it; an unchanged apply changes nothing", async () => {
    const applied = await h.request('POST', `/v1/resources?namespace=${ns}`, ARTICLE_RULE);
    // The article writes the items under spec:, which Stork does not read: applied, with a warning saying so.
    const warnings = [expect.objectContaining({ document: 1, path: 'spec', line: 5, fix: expect.stringContaining('rename spec: to rules:') })];
    expect(applied).toEqual({ status: 200, body: { applied: [{ kind: 'Rule', namespace: ns, name: 'cassandra-presnap-rule', action: 'created' }], warnings } });
    const again = await h.request('POST', `/v1/resources?namespace=${ns}`, ARTICLE_RULE);
    expect(again.body).toEqual({ applied: [{ kind: 'Rule', namespace: ns, name: 'cassandra-presnap-rule', action: 'unchanged' }], warnings });

    const list = await h.request<{ items: unknown[] }>('GET', `/v1/rules?namespace=${ns}`);
    expect(list.status).toBe(200);
    expect(list.body.items).toEqual([
      {
        apiVersion: 'tandem.dev/v1alpha1',
        kind: 'Rule',
        metadata: { namespace: ns, name: 'cassandra-presnap-rule', creationTimestamp: expect.stringMatching(/^\d{4}-\d{2}-\d{2}T/) },
        rules: [{ podSelector: { app: 'cassandra' }, actions: [{ type: 'command', value: 'nodetool flush', background: false, runInSinglePod: false, timeoutMs: 300_000, retries: 0 }] }],
      },
    ]);
    expect((await h.request('GET', `/v1/rules/${ns}/cassandra-presnap-rule`)).status).toBe(200);
    const missing = await h.request<{ message: string }>('GET', `/v1/rules/${ns}/nope`);
    expect(missing.status).toBe(404);
    expect(missing.body.message).toContain(`Rule ${ns}/nope`);
    expect((await h.request('DELETE', `/v1/rules/${ns}/cassandra-presnap-rule`)).status).toBe(204);
    expect((await h.request('GET', `/v1/rules/${ns}/cassandra-presnap-rule`)).status).toBe(404);
  });

  it('refuses a bad Rule with 400 naming the field, and kinds it does not keep naming their service, applying nothing', async () => {
    const bad = ARTICLE_RULE.replace('type: command', 'type: script');
    const pair = `apiVersion: stork.libopenstorage.org/v1alpha1\nkind: SchedulePolicy\nmetadata:\n  name: every-5m\npolicy:\n  interval:\n    intervalMinutes: 5\n`;
    const answer = await h.request<{ problems: Problem[] }>('POST', `/v1/resources?namespace=${ns}`, `${bad}---\n${pair}`);
    expect(answer.status).toBe(400);
    expect(answer.body.problems).toEqual([
      expect.objectContaining({ document: 1, path: expect.stringContaining('actions[0].type') }),
      expect.objectContaining({ document: 2, kind: 'SchedulePolicy', path: 'kind', message: expect.stringContaining('the scheduler service') }),
    ]);
    expect((await h.request<{ items: unknown[] }>('GET', `/v1/rules?namespace=${ns}`)).body.items).toEqual([]);
  });

  it('holds the pre rule while it captures the volume, answers with the capture, and answers a repeated request without running again', async () => {
    for (const rule of [PRE_RULE, POST_RULE]) expect((await h.request('POST', '/v1/resources', rule)).status).toBe(200);
    const requestId = `req-${randomUUID()}`;
    await h.bus.send(TakeGroupSnapshot, command(requestId));
    const [taken] = await h.bus.waitForCount(GroupSnapshotTaken, (d) => d.requestId === requestId, 1);
    expect(taken!.data).toEqual({
      requestId,
      output: {
        groupSnapshotId: 'web-protect-1',
        takenAt: expect.stringMatching(/^\d{4}-\d{2}-\d{2}T/),
        volumes: [{ claim: { namespace: ns, name: 'data' }, volume: volumeName, snapshotVolume: `${volumeName}.snapshot`, node: 'snapshot-service-node' }],
        heldMs: expect.any(Number),
        warnings: [],
      },
    });
    const mirror = join(site.dir, 'volumes', `${volumeName}.snapshot`);
    const captured = (await readdir(mirror)).sort();
    // Written before the hold: captured. Written after the release: not captured, though the volume has it now.
    expect(captured).toEqual(['before-hold', 'pre-runs', 'table']);
    expect(await readFile(join(volumePath, 'after-hold'), 'utf8')).toBe('released\n');
    expect(await readFile(join(volumePath, 'post-runs'), 'utf8')).toBe('post\n');

    await h.bus.send(TakeGroupSnapshot, command(requestId));
    const answers = await h.bus.waitForCount(GroupSnapshotTaken, (d) => d.requestId === requestId, 2);
    expect(answers[1]!.data).toEqual(taken!.data);
    expect(answers[1]!.id).not.toBe(taken!.id);
    expect(await readFile(join(volumePath, 'pre-runs'), 'utf8')).toBe('run\n');
    expect(await readFile(join(volumePath, 'post-runs'), 'utf8')).toBe('post\n');
  });

  it('nests the rules of several namespaces so that every pre rule holds during the one capture of all their volumes', async () => {
    // Rules that also log each step, with the pod's namespace, to one file both namespaces' pods write.
    const log = join(site.dir, 'rule-order.log');
    const logged = (rule: string, name: string, step: string) =>
      rule.replace(/name: web-(pre|post)snap/, `name: ${name}`).replace('value: ', `value: echo "$POD_NAMESPACE ${step}" >> ${log}; `);
    const pre = logged(PRE_RULE, 'order-presnap', 'pre').replace('echo released > "$VOLUME_DATA/after-hold"', `echo released > "$VOLUME_DATA/after-hold"; echo "$POD_NAMESPACE released" >> ${log}`);
    for (const rule of [pre, logged(POST_RULE, 'order-postsnap', 'post')]) expect((await h.request('POST', '/v1/resources', rule)).status).toBe(200);
    const requestId = `req-${randomUUID()}`;
    await h.bus.send(TakeGroupSnapshot, command(requestId, { runId: 'web-protect-2', namespaces: [ns, other], preExecRule: 'order-presnap', postExecRule: 'order-postsnap' }));
    const [taken] = await h.bus.waitForCount(GroupSnapshotTaken, (d) => d.requestId === requestId, 1);
    expect(taken!.data.output.volumes).toEqual([
      { claim: { namespace: ns, name: 'data' }, volume: volumeName, snapshotVolume: `${volumeName}.snapshot`, node: 'snapshot-service-node' },
      { claim: { namespace: other, name: 'data' }, volume: otherVolumeName, snapshotVolume: `${otherVolumeName}.snapshot`, node: 'snapshot-service-node' },
    ]);
    for (const pv of [volumeName, otherVolumeName]) {
      const captured = await readdir(join(site.dir, 'volumes', `${pv}.snapshot`));
      expect(captured).toContain('before-hold');
      expect(captured).not.toContain('after-hold');
      expect(await readFile(join(site.dir, 'volumes', pv, 'after-hold'), 'utf8')).toBe('released\n');
    }
    expect((await readFile(log, 'utf8')).trim().split('\n')).toEqual([
      `${ns} pre`,
      `${other} pre`,
      `${other} released`,
      `${other} post`,
      `${ns} released`,
      `${ns} post`,
    ]);
  });

  it('fails on a failing pre rule without capturing (retryable), and takes the snapshot with a warning when only the post rule fails', async () => {
    const failing = (name: string, cmd: string) =>
      `apiVersion: tandem.dev/v1alpha1\nkind: Rule\nmetadata:\n  name: ${name}\n  namespace: ${ns}\nrules:\n  - podSelector: {app: web}\n    actions:\n      - type: command\n        value: ${cmd}\n`;
    for (const rule of [failing('broken-pre', 'echo disk full >&2; exit 3'), failing('broken-post', 'echo cannot thaw >&2; exit 4')]) {
      expect((await h.request('POST', '/v1/resources', rule)).status).toBe(200);
    }
    const preFails = `req-${randomUUID()}`;
    await h.bus.send(TakeGroupSnapshot, command(preFails, { runId: 'web-protect-3', preExecRule: 'broken-pre' }));
    const [failed] = await h.bus.waitForCount(GroupSnapshotFailed, (d) => d.requestId === preFails, 1);
    expect(failed!.data).toEqual({ requestId: preFails, stage: 'PreRule', retryable: true, reason: expect.stringContaining('disk full') });
    expect(failed!.data.reason).toContain(`pre rule ${ns}/broken-pre`);

    const postFails = `req-${randomUUID()}`;
    await h.bus.send(TakeGroupSnapshot, command(postFails, { runId: 'web-protect-4', postExecRule: 'broken-post' }));
    const [taken] = await h.bus.waitForCount(GroupSnapshotTaken, (d) => d.requestId === postFails, 1);
    expect(taken!.data.output.volumes).toHaveLength(1);
    expect(taken!.data.output.warnings).toEqual([expect.stringContaining('cannot thaw')]);
  });

  it('describes its API in OpenAPI', async () => {
    const doc = (await h.request<{ paths: Record<string, unknown> }>('GET', '/openapi.json')).body;
    expect(Object.keys(doc.paths)).toEqual(expect.arrayContaining(['/v1/resources', '/v1/rules', '/v1/rules/{namespace}/{name}']));
  });

  it('answers a request naming a Rule that does not exist with a failure saying how to create it', async () => {
    const requestId = `req-${randomUUID()}`;
    await h.bus.send(TakeGroupSnapshot, command(requestId, { preExecRule: 'no-such-rule' }));
    const [failed] = await h.bus.waitForCount(GroupSnapshotFailed, (d) => d.requestId === requestId, 1);
    expect(failed!.data).toEqual({ requestId, stage: 'PreRule', retryable: false, reason: expect.stringContaining(`Rule ${ns}/no-such-rule`) });
    expect(failed!.data.reason).toContain('tandemctl apply -f');
    expect(h.bus.seen(GroupSnapshotTaken, (d) => d.requestId === requestId)).toEqual([]);
  });
});
