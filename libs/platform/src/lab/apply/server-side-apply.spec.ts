import type { KubeObject } from '../../model/kube-object';
import { isPlatformError } from '../../platform.errors';
import { readOwnership, writeOwnership } from './managed-fields';
import { recordUpdate, serverSideApply } from './server-side-apply';

const options = { associativeLists: true };
const now = '2030-01-01T00:00:00Z';

function deployment(containers: Record<string, unknown>[], extra: Record<string, unknown> = {}): KubeObject {
  return { apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'web', namespace: 'shop', ...extra }, spec: { template: { spec: { containers } } } };
}

/** Applies as `manager` over `live` and returns the stored object (with managedFields), as the site would. */
function apply(live: KubeObject | undefined, applied: KubeObject, manager: string, force = false): KubeObject {
  const { object, owners } = serverSideApply({ live, applied, owners: readOwnership(live), manager, force, statusSubresource: true, fieldOptions: options, now });
  writeOwnership(object, owners);
  return object;
}

function containersOf(object: KubeObject): unknown {
  return (object['spec'] as { template: { spec: { containers: unknown } } }).template.spec.containers;
}

describe('server-side apply', () => {
  it("merges two managers' containers by name and conflicts only on a field both set differently", () => {
    let live = apply(undefined, deployment([{ name: 'app', image: 'app:1' }]), 'tandem');
    live = apply(live, deployment([{ name: 'sidecar', image: 'proxy:1' }]), 'injector');
    expect(containersOf(live)).toEqual([{ name: 'app', image: 'app:1' }, { name: 'sidecar', image: 'proxy:1' }]);

    let error: unknown;
    try {
      apply(live, deployment([{ name: 'app', image: 'app:2' }]), 'injector');
    } catch (e) {
      error = e;
    }
    expect(isPlatformError(error, 'Conflict')).toBe(true);
    expect((error as Error).message).toContain('conflict with "tandem": .spec.template.spec.containers[name="app"].image');

    live = apply(live, deployment([{ name: 'app', image: 'app:1' }, { name: 'sidecar', image: 'proxy:1' }]), 'tandem');
    expect(readOwnership(live).map((o) => o.manager)).toEqual(['tandem', 'injector']);
  });

  it("removes what a manager stops sending, unless another manager owns it too", () => {
    let live = apply(undefined, deployment([{ name: 'app', image: 'app:1' }, { name: 'old', image: 'old:1' }], { labels: { a: '1', shared: 'x' } }), 'tandem');
    live = apply(live, { ...deployment([]), metadata: { name: 'web', namespace: 'shop', labels: { shared: 'x' } }, spec: undefined } as KubeObject, 'other');
    live = apply(live, deployment([{ name: 'app', image: 'app:1' }]), 'tandem');
    expect(containersOf(live)).toEqual([{ name: 'app', image: 'app:1' }]);
    expect(live.metadata.labels).toEqual({ shared: 'x' });
  });

  it('takes fields over with force, and keeps the set of finalizers of every manager', () => {
    let live = apply(undefined, deployment([{ name: 'app', image: 'app:1' }], { finalizers: ['a.example/one'] }), 'tandem');
    live = apply(live, deployment([{ name: 'app', image: 'app:2' }], { finalizers: ['b.example/two'] }), 'ops', true);
    expect(containersOf(live)).toEqual([{ name: 'app', image: 'app:2' }]);
    expect(live.metadata.finalizers?.sort()).toEqual(['a.example/one', 'b.example/two']);
    const tandem = readOwnership(live).find((o) => o.manager === 'tandem');
    expect(tandem?.paths.some((p) => p.join('/').includes('f:image'))).toBe(false);
  });

  it('moves the fields an update changes to its manager (the scale subresource)', () => {
    const live = apply(undefined, { apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'web', namespace: 'shop' }, spec: { replicas: 0 } }, 'tandem');
    const scaled = { ...live, spec: { replicas: 3 } };
    const owners = recordUpdate(readOwnership(live), { manager: 'tandem', subresource: 'scale', apiVersion: 'apps/v1', now }, live, scaled, options, true);
    expect(owners.map((o) => [o.manager, o.operation, o.subresource, o.paths])).toEqual([['tandem', 'Update', 'scale', [['f:spec', 'f:replicas']]]]);
  });
});
