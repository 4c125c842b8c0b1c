import { toApplyable } from './to-applyable';
import { build } from './testing/kube-objects.builder';

describe('toApplyable', () => {
  it('strips what the server sets and status, keeps everything else, and does not change the input', () => {
    const owner = build.deployment('shop', 'web');
    const read = build.replicaSet('shop', 'web-1', { owners: [owner], labels: { app: 'web' }, annotations: { a: 'b' }, status: { replicas: 3 } });
    Object.assign(read.metadata, {
      resourceVersion: '42',
      generation: 3,
      creationTimestamp: '2026-01-01T00:00:00Z',
      managedFields: [{ manager: 'kube-controller-manager' }],
      finalizers: ['example.com/keep'],
      selfLink: '/apis/apps/v1/namespaces/shop/replicasets/web-1',
    });
    const before = structuredClone(read);

    expect(toApplyable(read)).toEqual({
      apiVersion: 'apps/v1',
      kind: 'ReplicaSet',
      metadata: { name: 'web-1', namespace: 'shop', labels: { app: 'web' }, annotations: { a: 'b' } },
      spec: { replicas: 3 },
    });
    expect(read).toEqual(before);
  });
});
