import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { INACTIVE_NODE_SELECTOR, TANDEM_FIELD_MANAGER } from '../model/annotations';
import type { KubeObject } from '../model/kube-object';
import { eventually } from '../platform.contract';
import type { Platform } from '../platform.port';
import { LabSiteProcess } from './fixtures/lab-site.process';

// The lab's kubelet with real processes: crash restarts with exponential backoff, pods that finish, and the
// environment and volume conventions of README.md.
const ns = 'kubelet';
const INACTIVE_KEY = Object.keys(INACTIVE_NODE_SELECTOR)[0] as string;
const POD_TYPE = { group: '', version: 'v1', kind: 'Pod', plural: 'pods', namespaced: true, verbs: [] };
const apply = (platform: Platform, object: KubeObject) => platform.apply(object, { fieldManager: TANDEM_FIELD_MANAGER });

interface PodView {
  name: string;
  phase: string;
  restartCount: number;
  waiting?: string;
  lastExitCode?: number;
}

async function podsOf(platform: Platform, app: string): Promise<PodView[]> {
  const pods = await platform.list(POD_TYPE, { namespace: ns, labelSelector: { matchLabels: { app } } });
  return pods.map((pod) => {
    const status = pod['status'] as { phase: string; containerStatuses?: { restartCount: number; state: { waiting?: { reason: string } }; lastState?: { terminated?: { exitCode: number } } }[] };
    const container = status.containerStatuses?.[0];
    return { name: pod.metadata.name, phase: status.phase, restartCount: container?.restartCount ?? 0, ...(container?.state.waiting ? { waiting: container.state.waiting.reason } : {}), ...(container?.lastState?.terminated ? { lastExitCode: container.lastState.terminated.exitCode } : {}) };
  });
}

function deployment(name: string, podSpec: Record<string, unknown>): KubeObject {
  return { apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name, namespace: ns }, spec: { replicas: 1, selector: { matchLabels: { app: name } }, template: { metadata: { labels: { app: name } }, spec: { terminationGracePeriodSeconds: 5, ...podSpec } } } };
}

describe('lab kubelet', () => {
  let site: LabSiteProcess;
  let platform: Platform;
  beforeAll(async () => {
    site = await LabSiteProcess.create('kubelet', { restartBackoff: { initialMs: 1_000, maxMs: 4_000 } });
    platform = await site.platform();
    await apply(platform, { apiVersion: 'v1', kind: 'Namespace', metadata: { name: ns } });
  });
  afterAll(async () => {
    await site?.dispose();
  });

  it('restarts a crashing container with a growing backoff, counting restarts', async () => {
    await apply(platform, { apiVersion: 'v1', kind: 'PersistentVolumeClaim', metadata: { name: 'starts', namespace: ns }, spec: { accessModes: ['ReadWriteOnce'], resources: { requests: { storage: '16Mi' } } } });
    await apply(platform, deployment('crasher', {
      containers: [{ name: 'crasher', image: 'busybox:1.36', command: ['sh', '-c', 'date +%s%3N >> "$(VOLUME_STARTS)/starts"; echo crashing; exit 1'], volumeMounts: [{ name: 'starts', mountPath: '/starts' }] }],
      volumes: [{ name: 'starts', persistentVolumeClaim: { claimName: 'starts' } }],
    }));
    const crashing = await eventually(async () => {
      const [pod] = await podsOf(platform, 'crasher');
      return pod && pod.restartCount >= 4 ? pod : undefined;
    }, 'the crashing container to be restarted four times');
    expect(crashing).toMatchObject({ phase: 'Running', lastExitCode: 1 });
    const [binding] = await platform.volumesFor(ns, ['starts']);
    const starts = (await readFile(join(binding?.path as string, 'starts'), 'utf8')).trim().split('\n').map(Number);
    expect(starts.length).toBeGreaterThanOrEqual(5);
    const gaps = starts.slice(1).map((start, i) => start - (starts[i] as number));
    // The first restart is immediate; then the backoff starts at 1 s and doubles (2 s, 4 s = the max): the
    // gaps between starts are at least that long (lower bounds only: a busy machine makes them longer).
    expect(gaps[1]).toBeGreaterThanOrEqual(900);
    expect(gaps[2]).toBeGreaterThanOrEqual(1_900);
    expect(gaps[3]).toBeGreaterThanOrEqual(3_900);
    await eventually(async () => (await podsOf(platform, 'crasher'))[0]?.waiting === 'CrashLoopBackOff', 'CrashLoopBackOff to be reported');
    const podName = (await podsOf(platform, 'crasher'))[0]?.name as string;
    const log = await readFile(join(site.dir, 'logs', ns, `${podName}.log`), 'utf8');
    expect(log.match(/crashing/g)?.length).toBeGreaterThanOrEqual(5);
    await platform.delete({ apiVersion: 'apps/v1', kind: 'Deployment', namespace: ns, name: 'crasher' });
    await eventually(async () => (await podsOf(platform, 'crasher')).length === 0, 'the deleted Deployment to take its pod with it');
  });

  it('runs a DaemonSet only while its node selector matches the node (as Tandem keeps an inactive copy)', async () => {
    const ref = { apiVersion: 'apps/v1', kind: 'DaemonSet', namespace: ns, name: 'agent' };
    const daemonSet = (nodeSelector: Record<string, string> | undefined): KubeObject => ({
      apiVersion: 'apps/v1',
      kind: 'DaemonSet',
      metadata: { name: 'agent', namespace: ns },
      spec: { selector: { matchLabels: { app: 'agent' } }, template: { metadata: { labels: { app: 'agent' } }, spec: { terminationGracePeriodSeconds: 5, ...(nodeSelector ? { nodeSelector } : {}), containers: [{ name: 'agent', image: 'busybox:1.36' }] } } },
    });
    await apply(platform, daemonSet({ [INACTIVE_KEY]: 'true' }));
    await eventually(async () => JSON.stringify(await platform.workloadStatus(ref)) === JSON.stringify({ desired: 0, current: 0, ready: 0 }), 'an inactive DaemonSet to run nothing');
    await apply(platform, daemonSet({ 'kubernetes.io/os': 'linux' }));
    await eventually(async () => JSON.stringify(await platform.workloadStatus(ref)) === JSON.stringify({ desired: 1, current: 1, ready: 1 }), 'the DaemonSet to run its pod');
    await apply(platform, daemonSet({ [INACTIVE_KEY]: 'true' }));
    await eventually(async () => JSON.stringify(await platform.workloadStatus(ref)) === JSON.stringify({ desired: 0, current: 0, ready: 0 }), 'the DaemonSet to stop its pod');
  });

  it('lets a pod with restartPolicy Never finish: Succeeded or Failed by its exit code', async () => {
    for (const [name, code] of [['done', 0], ['broken', 2]] as const) {
      await apply(platform, { apiVersion: 'v1', kind: 'Pod', metadata: { name, namespace: ns, labels: { app: name } }, spec: { restartPolicy: 'Never', containers: [{ name: 'main', image: 'busybox:1.36', command: ['sh', '-c', `exit ${code}`] }] } });
    }
    await eventually(async () => (await podsOf(platform, 'done'))[0]?.phase === 'Succeeded', 'pod done to succeed');
    await eventually(async () => (await podsOf(platform, 'broken'))[0]?.phase === 'Failed', 'pod broken to fail');
    expect((await podsOf(platform, 'broken'))[0]?.restartCount).toBe(0);
  });

  it('gives a container its env (values, $(VAR), ConfigMap and Secret refs, envFrom), its volumes and working dir', async () => {
    await apply(platform, { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'settings', namespace: ns }, data: { GREETING: 'hello', 'app.conf': 'colour=blue\n' } });
    await apply(platform, { apiVersion: 'v1', kind: 'Secret', metadata: { name: 'credentials', namespace: ns }, stringData: { password: 's3cret', TOKEN: 'abc' } });
    await apply(platform, { apiVersion: 'v1', kind: 'PersistentVolumeClaim', metadata: { name: 'files', namespace: ns }, spec: { accessModes: ['ReadWriteOnce'], resources: { requests: { storage: '16Mi' } } } });
    await apply(platform, deployment('envy', {
      containers: [{
        name: 'envy',
        image: 'busybox:1.36',
        workingDir: '/tmp',
        command: ['sh', '-c'],
        args: ['echo "$(GREETING) from $(POD_NAME)" > "$(VOLUME_FILES)/hello.txt"; trap "exit 0" TERM; while true; do sleep 1; done'],
        env: [
          { name: 'GREETING', valueFrom: { configMapKeyRef: { name: 'settings', key: 'GREETING' } } },
          { name: 'PASSWORD', valueFrom: { secretKeyRef: { name: 'credentials', key: 'password' } } },
          { name: 'WHERE', value: '$(POD_NAMESPACE)/$(POD_NAME) keeps $$(LITERAL)' },
          { name: 'NODE', valueFrom: { fieldRef: { fieldPath: 'spec.nodeName' } } },
        ],
        envFrom: [{ secretRef: { name: 'credentials' }, prefix: 'SECRET_' }],
        volumeMounts: [{ name: 'files', mountPath: '/files' }, { name: 'config', mountPath: '/etc/app' }, { name: 'scratch', mountPath: '/scratch' }],
      }],
      volumes: [{ name: 'files', persistentVolumeClaim: { claimName: 'files' } }, { name: 'config', configMap: { name: 'settings', items: [{ key: 'app.conf', path: 'app.conf' }] } }, { name: 'scratch', emptyDir: {} }],
    }));
    await eventually(async () => (await podsOf(platform, 'envy'))[0]?.phase === 'Running', 'the pod to run');
    const script = 'echo "$GREETING|$PASSWORD|$WHERE|$NODE|$SECRET_TOKEN|$HOSTNAME|$(pwd)"; cat "$VOLUME_CONFIG/app.conf"; test -d "$VOLUME_SCRATCH" && echo scratch';
    const [result] = await platform.exec({ namespace: ns, podSelector: { matchLabels: { app: 'envy' } }, command: ['sh', '-c', script], timeoutMs: 30_000 });
    const pod = result?.pod as string;
    expect(result).toMatchObject({ exitCode: 0, stderr: '' });
    expect(result?.stdout).toBe(`hello|s3cret|${ns}/${pod} keeps $(LITERAL)|kubelet-node|abc|${pod}|/tmp\ncolour=blue\nscratch\n`);
    const [files] = await platform.volumesFor(ns, ['files']);
    await eventually(async () => (await readFile(join(files?.path as string, 'hello.txt'), 'utf8').catch(() => '')) === `hello from ${pod}\n`, 'the file the pod wrote');
  });
});
