import { readFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { tempDir } from '@tandem/testing';
import { migrateApplication } from '../application/migrate-application';
import { writeDomainFence } from '../domain-fence';
import type { KubeObject, ObjectRef } from '../model/kube-object';
import { eventually, suffix } from '../platform.contract';
import type { VolumeBinding } from '../platform.port';
import type { LabPlatform } from './client/lab.platform';
import { LabSiteProcess } from './fixtures/lab-site.process';

/** Two lab sites of one metro group, sharing a stretched storage domain, each served by a real `lab-site serve`. */
describe('lab sites: stretched storage class', () => {
  let stretchedDir: string;
  let siteA: LabSiteProcess;
  let siteB: LabSiteProcess;
  let a: LabPlatform;
  let b: LabPlatform;
  const ns = `metro-${suffix()}`;
  const tandem = { fieldManager: 'tandem' };

  const claim = (name: string): KubeObject => ({
    apiVersion: 'v1',
    kind: 'PersistentVolumeClaim',
    metadata: { name, namespace: ns },
    spec: { storageClassName: 'lab-stretched', accessModes: ['ReadWriteOnce'], resources: { requests: { storage: '1Gi' } } },
  });
  const boundVolume = (lab: LabPlatform, claimName: string) =>
    eventually(async () => {
      const [binding] = await lab.volumesFor(ns, [claimName]);
      return binding?.path !== undefined ? binding : undefined;
    }, `claim ${claimName} to be bound`);
  const writerPod = (name: string, claimName: string | undefined, text: string): KubeObject => ({
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name, namespace: ns },
    spec: {
      terminationGracePeriodSeconds: 1,
      containers: [
        {
          name: 'main',
          image: 'busybox:1.36',
          command: ['sh', '-c', claimName ? `echo ${text} > $(VOLUME_DATA)/${name}.txt; exec tail -f /dev/null` : 'exec tail -f /dev/null'],
          ...(claimName ? { volumeMounts: [{ name: 'data', mountPath: '/data' }] } : {}),
        },
      ],
      ...(claimName ? { volumes: [{ name: 'data', persistentVolumeClaim: { claimName } }] } : {}),
    },
  });
  const podRef = (name: string): ObjectRef => ({ apiVersion: 'v1', kind: 'Pod', namespace: ns, name });
  const waiting = (pod: KubeObject | undefined) =>
    ((pod?.['status'] as { containerStatuses?: { state?: { waiting?: { reason?: string; message?: string } } }[] } | undefined)?.containerStatuses?.[0]?.state?.waiting);
  const phase = (pod: KubeObject | undefined) => (pod?.['status'] as { phase?: string } | undefined)?.phase;

  beforeAll(async () => {
    stretchedDir = await tempDir('metro-stretched');
    [siteA, siteB] = await Promise.all([LabSiteProcess.create('metro-a', { stretchedDir }), LabSiteProcess.create('metro-b', { stretchedDir })]);
    [a, b] = await Promise.all([siteA.platform(), siteB.platform()]);
    for (const lab of [a, b]) await lab.apply({ apiVersion: 'v1', kind: 'Namespace', metadata: { name: ns } }, tandem);
  });

  afterAll(async () => {
    await a?.close();
    await b?.close();
    await siteA?.dispose();
    await siteB?.dispose();
    if (stretchedDir) await rm(stretchedDir, { recursive: true, force: true });
  });

  it('gives both sites the class lab-stretched (Retain, Immediate), keeping lab-local the default', async () => {
    for (const lab of [a, b]) {
      expect(await lab.get({ apiVersion: 'storage.k8s.io/v1', kind: 'StorageClass', name: 'lab-stretched' })).toMatchObject({
        provisioner: 'lab.tandem.dev/stretched',
        reclaimPolicy: 'Retain',
        volumeBindingMode: 'Immediate',
      });
      const local = await lab.get({ apiVersion: 'storage.k8s.io/v1', kind: 'StorageClass', name: 'lab-local' });
      expect(local?.metadata.annotations?.['storageclass.kubernetes.io/is-default-class']).toBe('true');
    }
  });

  it('binds the same claim on both sites to the same directory, which keeps the files of the site that made it', async () => {
    await a.apply(claim('data'), tandem);
    const onA = await boundVolume(a, 'data');
    const path = join(stretchedDir, 'volumes', `stretched-${ns}-data`);
    expect(onA).toMatchObject({ volumeName: `stretched-${ns}-data`, storageClassName: 'lab-stretched', path, node: 'metro-a-node' });
    await writeFile(join(path, 'written-on-a.txt'), 'hello from a\n');

    await b.apply(claim('data'), tandem);
    const onB = await boundVolume(b, 'data');
    expect(onB).toMatchObject({ volumeName: `stretched-${ns}-data`, path, node: 'metro-b-node' });
    expect(await readFile(join(onB.path!, 'written-on-a.txt'), 'utf8')).toBe('hello from a\n');
    const marker = JSON.parse(await readFile(join(stretchedDir, 'volumes', `stretched-${ns}-data.json`), 'utf8')) as Record<string, string>;
    expect(marker).toMatchObject({ volume: `stretched-${ns}-data`, namespace: ns, claim: 'data', createdBy: 'metro-a' });
  });

  it('binds the claim of a StatefulSet migrated to the other site to the directory the source wrote', async () => {
    await a.apply(
      {
        apiVersion: 'apps/v1',
        kind: 'StatefulSet',
        metadata: { name: 'db', namespace: ns },
        spec: {
          replicas: 1,
          serviceName: 'db',
          selector: { matchLabels: { app: 'db' } },
          template: {
            metadata: { labels: { app: 'db' } },
            spec: {
              terminationGracePeriodSeconds: 1,
              containers: [{ name: 'main', image: 'busybox:1.36', command: ['sh', '-c', 'echo written-by-db > $(VOLUME_DATA)/db.txt; exec tail -f /dev/null'], volumeMounts: [{ name: 'data', mountPath: '/data' }] }],
            },
          },
          volumeClaimTemplates: [{ metadata: { name: 'data' }, spec: { storageClassName: 'lab-stretched', accessModes: ['ReadWriteOnce'], resources: { requests: { storage: '1Gi' } } } }],
        },
      },
      tandem,
    );
    const source = await boundVolume(a, 'data-db-0');
    await eventually(async () => (await readFile(join(source.path!, 'db.txt'), 'utf8').catch(() => '')) === 'written-by-db\n', 'the pod on metro-a to write its volume');

    const result = await migrateApplication(a, b, { selection: { namespaces: [ns] }, migration: 'metro-1', startApplications: false });
    expect(result.report.resources.some((r) => r.ref.kind === 'StatefulSet' && r.ref.name === 'db')).toBe(true);
    const destination: VolumeBinding = await boundVolume(b, 'data-db-0');
    expect(destination).toMatchObject({ volumeName: `stretched-${ns}-data-db-0`, path: source.path });
    expect(await readFile(join(destination.path!, 'db.txt'), 'utf8')).toBe('written-by-db\n');
  });

  it('does not start a pod mounting a stretched volume on a fenced site, naming the fence, and starts it once activated', async () => {
    await writeDomainFence(b, { domain: 'metro-b', active: false, epoch: 2 });
    await b.apply(writerPod('writer', 'data', 'from-b'), tandem);
    await b.apply(writerPod('no-volume', undefined, ''), tandem);

    const fenced = await eventually(async () => {
      const pod = await b.get(podRef('writer'));
      return waiting(pod)?.reason === 'DomainFenced' ? pod : undefined;
    }, 'the fenced pod to be refused');
    expect(phase(fenced)).toBe('Pending');
    expect(waiting(fenced)?.message).toContain(`stretched volume stretched-${ns}-data (claim data)`);
    expect(waiting(fenced)?.message).toContain('cluster domain metro-b is deactivated (fence ConfigMap tandem-system/tandem-domain, epoch 2)');
    const conditions = (fenced?.['status'] as { conditions: { type: string; status: string; reason?: string; message?: string }[] }).conditions;
    expect(conditions.find((c) => c.type === 'PodReadyToStartContainers')).toMatchObject({ status: 'False', reason: 'DomainFenced' });
    // The fence concerns stretched volumes only: a pod without one runs.
    await eventually(async () => phase(await b.get(podRef('no-volume'))) === 'Running', 'the pod without a stretched volume to run');
    expect(phase(await b.get(podRef('writer')))).toBe('Pending');

    await writeDomainFence(b, { domain: 'metro-b', active: true, epoch: 3 });
    await eventually(async () => phase(await b.get(podRef('writer'))) === 'Running', 'the pod to start once the domain is active');
    const onA = await boundVolume(a, 'data');
    await eventually(async () => (await readFile(join(onA.path!, 'writer.txt'), 'utf8').catch(() => '')) === 'from-b\n', "metro-b's pod to write the volume metro-a sees");
  });

  it('keeps the files of a deleted claim (Retain) and binds the claim made again to the same volume', async () => {
    for (const name of ['writer', 'no-volume']) await b.delete(podRef(name));
    const claimRef: ObjectRef = { apiVersion: 'v1', kind: 'PersistentVolumeClaim', namespace: ns, name: 'data' };
    await b.delete(claimRef);
    await eventually(async () => ((await b.get(claimRef)) === undefined ? true : undefined), 'the claim to be deleted once its pod is gone');
    const volumeRef: ObjectRef = { apiVersion: 'v1', kind: 'PersistentVolume', name: `stretched-${ns}-data` };
    await eventually(async () => ((await b.get(volumeRef))?.['status'] as { phase?: string } | undefined)?.phase === 'Released', 'the volume to be Released');

    await b.apply(claim('data'), tandem);
    const again = await boundVolume(b, 'data');
    expect(again).toMatchObject({ volumeName: `stretched-${ns}-data`, path: join(stretchedDir, 'volumes', `stretched-${ns}-data`) });
    expect(await readFile(join(again.path!, 'written-on-a.txt'), 'utf8')).toBe('hello from a\n');
    expect(await readFile(join(again.path!, 'writer.txt'), 'utf8')).toBe('from-b\n');
  });
});
