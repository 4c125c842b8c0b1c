import { TANDEM_FIELD_MANAGER } from '../model/annotations';
import type { KubeObject, ObjectRef } from '../model/kube-object';
import { eventually } from '../platform.contract';
import type { Platform, WorkloadStatus } from '../platform.port';
import { LabSiteProcess } from './fixtures/lab-site.process';

// A lab site survives its own crash: the server is killed with SIGKILL while a Deployment's pods run; started
// again, it finds its objects on disk, re-adopts the processes still running (same pids, probed again for
// readiness) and restarts the one that died meanwhile.
const ns = 'shop';
const web: ObjectRef = { apiVersion: 'apps/v1', kind: 'Deployment', namespace: ns, name: 'web' };
const apply = (platform: Platform, object: KubeObject) => platform.apply(object, { fieldManager: TANDEM_FIELD_MANAGER });

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

async function reaches(platform: Platform, ref: ObjectRef, wanted: WorkloadStatus): Promise<void> {
  let last: WorkloadStatus | undefined;
  await eventually(async () => {
    last = await platform.workloadStatus(ref);
    return last.desired === wanted.desired && last.current === wanted.current && last.ready === wanted.ready;
  }, () => `${ref.name} to reach ${JSON.stringify(wanted)} (last ${JSON.stringify(last)})`);
}

describe('lab site restart', () => {
  let site: LabSiteProcess;
  afterAll(async () => {
    await site?.dispose();
  });

  it('re-adopts running pods after its server is killed, restarts the one that died, and keeps its objects', async () => {
    site = await LabSiteProcess.create('restart');
    const platform = await site.platform();
    await apply(platform, { apiVersion: 'v1', kind: 'Namespace', metadata: { name: ns } });
    await apply(platform, { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'settings', namespace: ns }, data: { greeting: 'hello' } });
    await apply(platform, {
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata: { name: 'web', namespace: ns },
      spec: {
        replicas: 2,
        selector: { matchLabels: { app: 'web' } },
        template: {
          metadata: { labels: { app: 'web' } },
          spec: {
            terminationGracePeriodSeconds: 5,
            containers: [{ name: 'web', image: 'busybox:1.36', command: ['sh', '-c', 'trap "exit 0" TERM; while true; do sleep 1; done'], readinessProbe: { exec: { command: ['sh', '-c', 'test -n "$POD_NAME"'] }, periodSeconds: 1 } }],
          },
        },
      },
    });
    await reaches(platform, web, { desired: 2, current: 2, ready: 2 });
    const before = site.recordedPids();
    expect(before.size).toBe(2);
    const revisionBefore = Number((await platform.get({ apiVersion: 'v1', kind: 'ConfigMap', namespace: ns, name: 'settings' }))?.metadata.resourceVersion);

    await site.kill('SIGKILL');
    for (const pid of before.values()) expect(alive(pid)).toBe(true);
    const [victimPod, victimPid] = [...before.entries()][0] as [string, number];
    const [survivorPod, survivorPid] = [...before.entries()][1] as [string, number];
    process.kill(-victimPid, 'SIGKILL');
    await eventually(() => !alive(victimPid), 'the killed pod process to go');

    await site.start();
    await reaches(platform, web, { desired: 2, current: 2, ready: 2 });
    const after = await eventually(() => {
      const pids = site.recordedPids();
      return pids.get(victimPod) !== undefined && pids.get(victimPod) !== victimPid ? pids : undefined;
    }, 'the dead pod to be restarted');
    expect(after.get(survivorPod)).toBe(survivorPid);
    expect(alive(survivorPid)).toBe(true);

    const pods = await platform.list({ group: '', version: 'v1', kind: 'Pod', plural: 'pods', namespaced: true, verbs: [] }, { namespace: ns });
    const restarts = Object.fromEntries(pods.map((pod) => [`${ns}/${pod.metadata.name}`, (pod['status'] as { containerStatuses: { restartCount: number }[] }).containerStatuses[0]?.restartCount]));
    expect(restarts).toEqual({ [victimPod]: 1, [survivorPod]: 0 });
    expect((await platform.get({ apiVersion: 'v1', kind: 'ConfigMap', namespace: ns, name: 'settings' }))?.['data']).toEqual({ greeting: 'hello' });
    const changed = await apply(platform, { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'settings', namespace: ns }, data: { greeting: 'hi' } });
    expect(Number(changed.metadata.resourceVersion)).toBeGreaterThan(revisionBefore);

    await platform.scale(web, 0);
    await reaches(platform, web, { desired: 0, current: 0, ready: 0 });
    for (const pid of after.values()) await eventually(() => !alive(pid), `pod process ${pid} to stop`);
  });
});
