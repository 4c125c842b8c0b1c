import { Annotations } from '../model/annotations';
import type { KubeObject } from '../model/kube-object';
import { APPLY_MODE_ANNOTATION, applyModeOf } from './apply-mode';
import { sanitiseForDestination } from './sanitise-for-destination';
import { build, kubeObject } from './testing/kube-objects.builder';

function sanitisedOne(object: KubeObject, keepNodePorts = false): KubeObject {
  const { objects, skipped } = sanitiseForDestination([object], { keepNodePorts });
  expect(skipped).toEqual([]);
  return objects[0] as KubeObject;
}

describe('sanitiseForDestination', () => {
  it('keeps only name, namespace, labels and annotations of metadata, drops annotations the source wrote, and drops status', () => {
    const deployment = build.deployment('shop', 'web', {}, {
      labels: { app: 'web' },
      annotations: {
        team: 'payments',
        'kubectl.kubernetes.io/last-applied-configuration': '{}',
        'deployment.kubernetes.io/revision': '7',
        'pv.kubernetes.io/bind-completed': 'yes',
      },
      owners: [build.namespace('shop')],
      status: { readyReplicas: 3 },
    });
    Object.assign(deployment.metadata, { resourceVersion: '9', generation: 7, creationTimestamp: '2026-01-01T00:00:00Z', managedFields: [{}], finalizers: ['x'] });

    const sanitised = sanitisedOne(deployment);
    expect(sanitised.metadata).toEqual({ name: 'web', namespace: 'shop', labels: { app: 'web' }, annotations: { team: 'payments' } });
    expect(sanitised['status']).toBeUndefined();
    expect(sanitised['spec']).toEqual(deployment['spec']);
  });

  it('never changes its input', () => {
    const objects = [
      build.service('shop', 'web', { clusterIP: '10.0.0.1', ports: [{ port: 80, nodePort: 30080 }] }, { status: {} }),
      build.pvc('shop', 'data', { volumeName: 'pv-1' }, { annotations: { 'volume.kubernetes.io/selected-node': 'node-1' } }),
      build.serviceAccount('shop', 'default', { secrets: [{ name: 'default-token-abcde' }] }),
      build.namespace('shop', { labels: { 'kubernetes.io/metadata.name': 'shop' }, spec: { finalizers: ['kubernetes'] } }),
    ];
    const before = structuredClone(objects);
    sanitiseForDestination(objects, {});
    expect(objects).toEqual(before);
  });

  it('lets the destination assign Service addresses and node ports, unless node ports are to be kept', () => {
    const service = build.service('shop', 'web', {
      type: 'LoadBalancer',
      clusterIP: '10.0.0.1',
      clusterIPs: ['10.0.0.1'],
      loadBalancerIP: '192.0.2.1',
      healthCheckNodePort: 31000,
      externalTrafficPolicy: 'Local',
      ports: [{ port: 80, nodePort: 30080 }],
    });
    expect(sanitisedOne(service)['spec']).toEqual({ type: 'LoadBalancer', externalTrafficPolicy: 'Local', ports: [{ port: 80 }] });
    expect(sanitisedOne(service, true)['spec']).toEqual({ type: 'LoadBalancer', externalTrafficPolicy: 'Local', ports: [{ port: 80, nodePort: 30080 }] });
  });

  it('keeps clusterIP None of a headless Service', () => {
    const headless = build.service('shop', 'db', { clusterIP: 'None', clusterIPs: ['None'], ports: [{ port: 5432 }] });
    expect(sanitisedOne(headless)['spec']).toEqual({ clusterIP: 'None', clusterIPs: ['None'], ports: [{ port: 5432 }] });
  });

  it('unbinds volumes: PVs lose claimRef, PVCs lose volumeName and the selected node', () => {
    const pv = build.pv('pv-1', { claimRef: { namespace: 'shop', name: 'data', uid: 'u' }, storageClassName: 'fast' });
    expect(sanitisedOne(pv)['spec']).toEqual({ capacity: { storage: '1Gi' }, storageClassName: 'fast' });
    const pvc = build.pvc('shop', 'data', { volumeName: 'pv-1', storageClassName: 'fast' }, {
      annotations: { 'volume.kubernetes.io/selected-node': 'node-1', 'volume.kubernetes.io/storage-provisioner': 'x', 'volume.beta.kubernetes.io/storage-provisioner': 'x', keep: 'me' },
    });
    const sanitised = sanitisedOne(pvc);
    expect(sanitised['spec']).not.toHaveProperty('volumeName');
    expect(sanitised['spec']).toMatchObject({ storageClassName: 'fast' });
    expect(sanitised.metadata.annotations).toEqual({ keep: 'me' });
  });

  it("drops a Job's generated controller-uid selector and labels, and keeps a selector that does not use them", () => {
    const generated = build.job('shop', 'migrate', {
      selector: { matchLabels: { 'batch.kubernetes.io/controller-uid': 'u-1' } },
      template: { metadata: { labels: { 'batch.kubernetes.io/controller-uid': 'u-1', 'controller-uid': 'u-1', 'job-name': 'migrate' } }, spec: { containers: [] } },
    }, { labels: { 'controller-uid': 'u-1', 'batch.kubernetes.io/controller-uid': 'u-1', 'job-name': 'migrate' } });
    const sanitised = sanitisedOne(generated);
    expect(sanitised['spec']).toEqual({ template: { metadata: { labels: { 'job-name': 'migrate' } }, spec: { containers: [] } } });
    expect(sanitised.metadata.labels).toEqual({ 'job-name': 'migrate' });

    const manual = build.job('shop', 'manual', { manualSelector: true, selector: { matchLabels: { app: 'manual' } } });
    expect(sanitisedOne(manual)['spec']).toEqual(manual['spec']);
  });

  it('skips service account token Secrets and drops the ServiceAccount entries naming them', () => {
    const token = build.secret('shop', 'builder-token-x1', { type: 'kubernetes.io/service-account-token' });
    const account = build.serviceAccount('shop', 'builder', { secrets: [{ name: 'builder-token-x1' }, { name: 'builder-token-abcde' }, { name: 'builder-dockercfg' }] });
    const opaque = build.secret('shop', 'creds');
    const { objects, skipped } = sanitiseForDestination([token, account, opaque]);
    expect(skipped).toEqual([{ ref: { apiVersion: 'v1', kind: 'Secret', name: 'builder-token-x1', namespace: 'shop' }, reason: 'a service account token of the source; the destination issues its own' }]);
    expect(objects.map((object) => object.metadata.name)).toEqual(['builder', 'creds']);
    expect(objects[0]?.['secrets']).toEqual([{ name: 'builder-dockercfg' }]);
  });

  it('marks the default ServiceAccount to be merged, and only that one', () => {
    const { objects } = sanitiseForDestination([build.serviceAccount('shop', 'default', { secrets: [{ name: 'default-token-abcde' }] }), build.serviceAccount('shop', 'app')]);
    expect(objects.map(applyModeOf)).toEqual(['merge', 'full']);
    expect(objects[0]?.metadata.annotations).toEqual({ [APPLY_MODE_ANNOTATION]: 'merge' });
    expect(objects[0]).not.toHaveProperty('secrets');
  });

  it("drops the status and server metadata of a StatefulSet's volumeClaimTemplates", () => {
    const statefulSet = build.statefulSet('shop', 'db', {
      volumeClaimTemplates: [{ apiVersion: 'v1', kind: 'PersistentVolumeClaim', metadata: { name: 'data', creationTimestamp: null, labels: { a: 'b' } }, spec: { storageClassName: 'fast' }, status: { phase: 'Pending' } }],
    });
    expect((sanitisedOne(statefulSet)['spec'] as Record<string, unknown>)['volumeClaimTemplates']).toEqual([
      { apiVersion: 'v1', kind: 'PersistentVolumeClaim', metadata: { name: 'data', labels: { a: 'b' } }, spec: { storageClassName: 'fast' } },
    ]);
  });

  it('drops the finalizers and the name label the destination writes on Namespaces', () => {
    const namespace = build.namespace('shop', { labels: { 'kubernetes.io/metadata.name': 'shop', team: 'a' }, spec: { finalizers: ['kubernetes'] }, status: { phase: 'Active' } });
    expect(sanitisedOne(namespace)).toEqual({ apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'shop', labels: { team: 'a' } } });
  });

  it('keeps custom resources whole but for metadata and status', () => {
    const custom = kubeObject('example.com/v1', 'Database', 'db', { namespace: 'shop', spec: { size: 3, nested: { deep: [1, 2] } }, status: { ready: true }, annotations: { [Annotations.migration]: 'earlier' } });
    expect(sanitisedOne(custom)).toEqual({ apiVersion: 'example.com/v1', kind: 'Database', metadata: { name: 'db', namespace: 'shop', annotations: { [Annotations.migration]: 'earlier' } }, spec: { size: 3, nested: { deep: [1, 2] } } });
  });
});
