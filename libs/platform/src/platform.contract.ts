import { randomBytes } from 'node:crypto';
import { apiVersionOf, type KubeObject, type ObjectRef } from './model/kube-object';
import { isPlatformError, type PlatformErrorReason } from './platform.errors';
import type { Platform, VolumeBinding, WorkloadStatus } from './platform.port';

/** A site under test with a fresh, existing namespace of its own. */
export interface PlatformContractSubject {
  platform: Platform;
  /** A namespace created for this test (removed by `cleanup`). */
  namespace: string;
  cleanup(): Promise<void>;
  capabilities: {
    /** The site can run commands in pods (`exec`). */
    exec: boolean;
    /** The site runs pods for workloads (replicas become ready, claims get bound for them). */
    runsWorkloads: boolean;
  };
}

const MANAGER = 'tandem-contract';
const WAIT_MS = 90_000;

/**
 * What every `Platform` must do, run against each adapter by its `*.int.spec.ts` with a real site (a lab site
 * server, a real kube-apiserver). Keeps the port's promises in Kubernetes' terms: discovery (CRDs included),
 * server-side apply with field managers, immutable and invalid objects refused with the field named, missing
 * namespaces and types as NotFound, dry runs storing nothing, scale, exec and where volumes live.
 */
export function describePlatformContract(name: string, setup: () => Promise<PlatformContractSubject>, registered: { exec: boolean } = { exec: true }): void {
  describe(`${name} (Platform contract)`, () => {
    let subject: PlatformContractSubject;
    let platform: Platform;
    let ns: string;
    beforeEach(async () => {
      subject = await setup();
      platform = subject.platform;
      ns = subject.namespace;
    });
    afterEach(async () => {
      await subject?.cleanup();
    });

    it('discovers the built-in types, and a custom resource type once its CRD is applied', async () => {
      const types = await platform.discover();
      const find = (group: string, kind: string) => types.find((t) => t.group === group && t.kind === kind);
      expect(find('apps', 'Deployment')).toMatchObject({ version: 'v1', plural: 'deployments', namespaced: true });
      expect(find('', 'Namespace')).toMatchObject({ version: 'v1', plural: 'namespaces', namespaced: false });
      for (const [group, kind] of [['', 'ConfigMap'], ['', 'PersistentVolumeClaim'], ['apps', 'StatefulSet'], ['batch', 'CronJob'], ['rbac.authorization.k8s.io', 'RoleBinding'], ['storage.k8s.io', 'StorageClass'], ['apiextensions.k8s.io', 'CustomResourceDefinition']]) {
        expect(find(group as string, kind as string)).toBeDefined();
      }
      const crd = widgetCrd(suffix());
      expect(find(crd.group, 'Widget')).toBeUndefined();
      await platform.apply(crd.object, { fieldManager: MANAGER });
      try {
        const type = await eventually(async () => (await platform.discover()).find((t) => t.group === crd.group && t.kind === 'Widget'), 'the CRD type in discovery');
        expect(type).toMatchObject({ version: 'v1', plural: 'widgets', namespaced: true });
        const widget = await eventually(() => platform.apply(widgetObject(crd.group, ns, 'blue', 3), { fieldManager: MANAGER }).catch(() => undefined), 'a Widget to be accepted');
        expect(widget).toMatchObject({ kind: 'Widget', spec: { size: 3 } });
        expect(await platform.list(type, { namespace: ns })).toHaveLength(1);
      } finally {
        await platform.delete(crd.ref);
      }
    });

    it('creates, gets, lists by label selector and deletes; deleting what is not there answers false', async () => {
      for (const [name, tier] of [['one', 'front'], ['two', 'back'], ['three', 'back']] as const) {
        await platform.apply(configMap(ns, name, { tier: 'x' }, { tier }), { fieldManager: MANAGER });
      }
      const got = await platform.get(cmRef(ns, 'two'));
      expect(got).toMatchObject({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'two', namespace: ns, labels: { tier: 'back' } }, data: { tier: 'x' } });
      expect(got?.metadata.uid).toEqual(expect.any(String));
      expect(got?.metadata.resourceVersion).toEqual(expect.any(String));
      const type = { group: '', version: 'v1', kind: 'ConfigMap', plural: 'configmaps', namespaced: true, verbs: [] };
      const back = await platform.list(type, { namespace: ns, labelSelector: { matchLabels: { tier: 'back' } } });
      expect(back.map((o) => o.metadata.name).sort()).toEqual(['three', 'two']);
      const notFront = await platform.list(type, { namespace: ns, labelSelector: { matchExpressions: [{ key: 'tier', operator: 'Exists' }, { key: 'tier', operator: 'NotIn', values: ['front'] }] } });
      expect(notFront.map((o) => o.metadata.name).sort()).toEqual(['three', 'two']);
      await expect(platform.get(cmRef(ns, 'missing'))).resolves.toBeUndefined();
      await expect(platform.delete(cmRef(ns, 'two'))).resolves.toBe(true);
      await eventually(async () => (await platform.get(cmRef(ns, 'two'))) === undefined, 'the ConfigMap to go');
      await expect(platform.delete(cmRef(ns, 'two'))).resolves.toBe(false);
      await expect(platform.delete(cmRef(ns, 'never-was'))).resolves.toBe(false);
    });

    it('changes nothing when the same object is applied twice (same resourceVersion)', async () => {
      const first = await platform.apply(configMap(ns, 'settings', { a: '1' }), { fieldManager: MANAGER });
      const second = await platform.apply(configMap(ns, 'settings', { a: '1' }), { fieldManager: MANAGER });
      expect(second.metadata.resourceVersion).toBe(first.metadata.resourceVersion);
      const third = await platform.apply(configMap(ns, 'settings', { a: '2' }), { fieldManager: MANAGER });
      expect(third.metadata.resourceVersion).not.toBe(first.metadata.resourceVersion);
      expect(third['data']).toEqual({ a: '2' });
    });

    it("refuses a field another manager owns with Conflict naming the manager and field, unless forced; keeps others' fields", async () => {
      await platform.apply(configMap(ns, 'shared', { shared: 'from-a', mine: 'a' }), { fieldManager: 'contract-a' });
      const conflict = await failure(platform.apply(configMap(ns, 'shared', { shared: 'from-b' }), { fieldManager: 'contract-b' }));
      expectReason(conflict, 'Conflict');
      expect(conflict.message).toContain('contract-a');
      expect(conflict.message).toContain('data.shared');
      expect((await platform.get(cmRef(ns, 'shared')))?.['data']).toEqual({ shared: 'from-a', mine: 'a' });

      const forced = await platform.apply(configMap(ns, 'shared', { shared: 'from-b' }), { fieldManager: 'contract-b', force: true });
      expect(forced['data']).toEqual({ shared: 'from-b', mine: 'a' });
      expectReason(await failure(platform.apply(configMap(ns, 'shared', { shared: 'from-a', mine: 'a' }), { fieldManager: 'contract-a' })), 'Conflict');

      await platform.apply(configMap(ns, 'shared', undefined, { owner: 'b' }), { fieldManager: 'contract-c' });
      const after = await platform.apply(configMap(ns, 'shared', { mine: 'a2' }), { fieldManager: 'contract-a' });
      expect(after.metadata.labels).toEqual({ owner: 'b' });
      expect(after['data']).toEqual({ shared: 'from-b', mine: 'a2' });
      const dropped = await platform.apply(configMap(ns, 'shared', undefined, undefined), { fieldManager: 'contract-a' });
      expect(dropped['data']).toEqual({ shared: 'from-b' });
    });

    it('refuses to change an immutable field with Immutable naming it', async () => {
      await platform.apply(deployment(ns, 'fixed', { app: 'fixed' }, 0), { fieldManager: MANAGER });
      const changed = deployment(ns, 'fixed', { app: 'fixed', tier: 'web' }, 0);
      const error = await failure(platform.apply(changed, { fieldManager: MANAGER }));
      expectReason(error, 'Immutable');
      expect(error.message).toContain('spec.selector');
    });

    it('refuses an invalid object with Invalid naming the field, and stores nothing', async () => {
      const mismatched = deployment(ns, 'mismatched', { app: 'one' }, 1);
      (mismatched['spec'] as { template: { metadata: { labels: Record<string, string> } } }).template.metadata.labels = { app: 'other' };
      const error = await failure(platform.apply(mismatched, { fieldManager: MANAGER }));
      expectReason(error, 'Invalid');
      expect(error.message).toContain('spec.template.metadata.labels');
      const badPort = { apiVersion: 'v1', kind: 'Service', metadata: { name: 'bad-port', namespace: ns }, spec: { ports: [{ port: 0 }] } };
      const portError = await failure(platform.apply(badPort, { fieldManager: MANAGER }));
      expectReason(portError, 'Invalid');
      expect(portError.message).toContain('spec.ports[0].port');
      await expect(platform.get({ apiVersion: 'apps/v1', kind: 'Deployment', namespace: ns, name: 'mismatched' })).resolves.toBeUndefined();
    });

    it('answers NotFound for a missing namespace and for a type whose CRD is not applied', async () => {
      const missingNs = `missing-${suffix()}`;
      const nsError = await failure(platform.apply(configMap(missingNs, 'lost', { a: '1' }), { fieldManager: MANAGER }));
      expectReason(nsError, 'NotFound');
      expect(nsError.message).toContain(missingNs);
      const group = `nowhere-${suffix()}.contract.tandem.dev`;
      const typeError = await failure(platform.apply(widgetObject(group, ns, 'ghost', 1), { fieldManager: MANAGER }));
      expectReason(typeError, 'NotFound');
      expect(typeError.message).toContain('Widget');
      expectReason(await failure(platform.get({ apiVersion: `${group}/v1`, kind: 'Widget', namespace: ns, name: 'ghost' })), 'NotFound');
    });

    it('stores nothing on a dry run, and returns what would be stored', async () => {
      const dry = await platform.apply(configMap(ns, 'dry', { a: '1' }), { fieldManager: MANAGER, dryRun: true });
      expect(dry).toMatchObject({ metadata: { name: 'dry', namespace: ns }, data: { a: '1' } });
      await expect(platform.get(cmRef(ns, 'dry'))).resolves.toBeUndefined();
      await platform.apply(configMap(ns, 'dry', { a: '1' }), { fieldManager: MANAGER });
      const change = await platform.apply(configMap(ns, 'dry', { a: '2' }), { fieldManager: MANAGER, dryRun: true });
      expect(change['data']).toEqual({ a: '2' });
      expect((await platform.get(cmRef(ns, 'dry')))?.['data']).toEqual({ a: '1' });
    });

    it('scales a Deployment and reports its replicas', async () => {
      const ref: ObjectRef = { apiVersion: 'apps/v1', kind: 'Deployment', namespace: ns, name: 'scaled' };
      await platform.apply(deployment(ns, 'scaled', { app: 'scaled' }, 2), { fieldManager: MANAGER });
      if (subject.capabilities.runsWorkloads) await waitForStatus(platform, ref, { desired: 2, current: 2, ready: 2 });
      await platform.scale(ref, 0);
      expect((await platform.get(ref))?.['spec']).toMatchObject({ replicas: 0 });
      const stopped = await waitForStatus(platform, ref, { desired: 0, current: 0, ready: 0 });
      expect(stopped).toEqual({ desired: 0, current: 0, ready: 0 });
      await platform.scale(ref, 1);
      if (subject.capabilities.runsWorkloads) await waitForStatus(platform, ref, { desired: 1, current: 1, ready: 1 });
      else expect((await platform.workloadStatus(ref)).desired).toBe(1);
      expectReason(await failure(platform.scale({ ...ref, name: 'no-such-deployment' }, 1)), 'NotFound');
    });

    // Registered only where pods run commands: a Kubernetes API server without a kubelet cannot exec.
    const itWhereExecRuns = registered.exec ? it : () => undefined;
    itWhereExecRuns('runs a command in the pods a selector matches: one result each, or one with single; times out', async () => {
      const ref: ObjectRef = { apiVersion: 'apps/v1', kind: 'Deployment', namespace: ns, name: 'shell' };
      await platform.apply(deployment(ns, 'shell', { app: 'shell' }, 2), { fieldManager: MANAGER });
      await waitForStatus(platform, ref, { desired: 2, current: 2, ready: 2 });
      const results = await platform.exec({ namespace: ns, podSelector: { matchLabels: { app: 'shell' } }, command: ['sh', '-c', 'echo "in $HOSTNAME"; echo oops >&2; exit 3'], timeoutMs: 30_000 });
      expect(results).toHaveLength(2);
      for (const result of results) {
        expect(result).toMatchObject({ exitCode: 3, timedOut: false, stdout: `in ${result.pod}\n`, stderr: 'oops\n' });
      }
      expect(new Set(results.map((r) => r.pod)).size).toBe(2);
      const single = await platform.exec({ namespace: ns, podSelector: { matchLabels: { app: 'shell' } }, command: ['sh', '-c', 'echo one'], single: true, timeoutMs: 30_000 });
      expect(single).toEqual([{ pod: expect.any(String), exitCode: 0, stdout: 'one\n', stderr: '', timedOut: false }]);
      const slow = await platform.exec({ namespace: ns, podSelector: { matchLabels: { app: 'shell' } }, command: ['sleep', '60'], single: true, timeoutMs: 1_000 });
      expect(slow).toEqual([expect.objectContaining({ exitCode: null, timedOut: true })]);
      expect(await platform.exec({ namespace: ns, podSelector: { matchLabels: { app: 'nobody' } }, command: ['true'], timeoutMs: 5_000 })).toEqual([]);
    });

    it("says where a bound claim's data lives, and why an unbound one cannot be reached", async () => {
      await platform.apply(claim(ns, 'data', undefined), { fieldManager: MANAGER });
      await platform.apply(claim(ns, 'stuck', `no-such-class-${suffix()}`), { fieldManager: MANAGER });
      if (subject.capabilities.runsWorkloads) {
        const user = deployment(ns, 'user', { app: 'user' }, 1);
        const podSpec = (user['spec'] as { template: { spec: Record<string, unknown> } }).template.spec;
        podSpec['volumes'] = [{ name: 'data', persistentVolumeClaim: { claimName: 'data' } }];
        (podSpec['containers'] as Record<string, unknown>[])[0]!['volumeMounts'] = [{ name: 'data', mountPath: '/data' }];
        await platform.apply(user, { fieldManager: MANAGER });
      }
      const [bound] = await eventually(async () => {
        const found = await platform.volumesFor(ns, ['data']);
        return found[0]?.volumeName ? found : undefined;
      }, 'the claim to be bound');
      expect(bound).toMatchObject({ claim: { kind: 'PersistentVolumeClaim', namespace: ns, name: 'data' } });
      expect(bound?.path !== undefined || bound?.unavailableReason !== undefined).toBe(true);
      const all = await platform.volumesFor(ns);
      const stuck = all.find((b: VolumeBinding) => b.claim.name === 'stuck');
      expect(stuck).toMatchObject({ unavailableReason: expect.any(String) });
      expect(stuck?.path).toBeUndefined();
    });
  });
}

export function suffix(): string {
  return randomBytes(4).toString('hex');
}

function configMap(namespace: string, name: string, data?: Record<string, string>, labels?: Record<string, string>): KubeObject {
  return { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name, namespace, ...(labels ? { labels } : {}) }, ...(data ? { data } : {}) };
}

function cmRef(namespace: string, name: string): ObjectRef {
  return { apiVersion: 'v1', kind: 'ConfigMap', namespace, name };
}

/** A Deployment of an idle shell (`sleep`), valid for a real API server and runnable on a lab site. */
export function deployment(namespace: string, name: string, selector: Record<string, string>, replicas: number): KubeObject {
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name, namespace, labels: { app: name } },
    spec: {
      replicas,
      selector: { matchLabels: selector },
      template: {
        metadata: { labels: { ...selector } },
        spec: { terminationGracePeriodSeconds: 5, containers: [{ name: 'main', image: 'busybox:1.36', command: ['sh', '-c', 'trap "exit 0" TERM; while true; do sleep 1; done'] }] },
      },
    },
  };
}

function claim(namespace: string, name: string, storageClassName: string | undefined): KubeObject {
  return {
    apiVersion: 'v1',
    kind: 'PersistentVolumeClaim',
    metadata: { name, namespace },
    spec: { accessModes: ['ReadWriteOnce'], resources: { requests: { storage: '64Mi' } }, ...(storageClassName ? { storageClassName } : {}) },
  };
}

function widgetCrd(id: string): { group: string; object: KubeObject; ref: ObjectRef } {
  const group = `widgets-${id}.contract.tandem.dev`;
  const object: KubeObject = {
    apiVersion: 'apiextensions.k8s.io/v1',
    kind: 'CustomResourceDefinition',
    metadata: { name: `widgets.${group}` },
    spec: {
      group,
      scope: 'Namespaced',
      names: { kind: 'Widget', plural: 'widgets', singular: 'widget', listKind: 'WidgetList' },
      versions: [{ name: 'v1', served: true, storage: true, schema: { openAPIV3Schema: { type: 'object', properties: { spec: { type: 'object', properties: { size: { type: 'integer' } } } } } } }],
    },
  };
  return { group, object, ref: { apiVersion: apiVersionOf({ group: 'apiextensions.k8s.io', version: 'v1' }), kind: 'CustomResourceDefinition', name: `widgets.${group}` } };
}

function widgetObject(group: string, namespace: string, name: string, size: number): KubeObject {
  return { apiVersion: `${group}/v1`, kind: 'Widget', metadata: { name, namespace }, spec: { size } };
}

async function failure(promise: Promise<unknown>): Promise<Error> {
  try {
    await promise;
  } catch (error) {
    return error as Error;
  }
  throw new Error('expected the operation to fail, but it succeeded');
}

function expectReason(error: Error, reason: PlatformErrorReason): void {
  if (!isPlatformError(error, reason)) throw new Error(`expected PlatformError ${reason}, got ${error.name}: ${error.message}`);
}

async function waitForStatus(platform: Platform, ref: ObjectRef, wanted: WorkloadStatus): Promise<WorkloadStatus> {
  let last: WorkloadStatus | undefined;
  return eventually(async () => {
    last = await platform.workloadStatus(ref);
    return last.desired === wanted.desired && last.current === wanted.current && last.ready === wanted.ready ? last : undefined;
  }, () => `${ref.kind} ${ref.name} to reach ${JSON.stringify(wanted)} (last ${JSON.stringify(last)})`);
}

/** Polls `check` until it answers something other than undefined/false (errors count as "not yet"). */
export async function eventually<T>(check: () => Promise<T | undefined | false> | T | undefined | false, what: string | (() => string), timeoutMs = WAIT_MS): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let lastError: unknown;
  for (;;) {
    try {
      const value = await check();
      if (value !== undefined && value !== false) return value;
    } catch (error) {
      lastError = error;
    }
    if (Date.now() > deadline) {
      const cause = lastError instanceof Error ? ` (last error: ${lastError.message})` : '';
      throw new Error(`timed out after ${timeoutMs} ms waiting for ${typeof what === 'string' ? what : what()}${cause}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}
