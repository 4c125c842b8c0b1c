import { InvalidInputError } from '@tandem/contracts';
import type { KubeObject } from '../model/kube-object';
import { build, kubeObject } from './testing/kube-objects.builder';
import { transformApplication } from './transform-application';
import { TransformRuleError } from './transform-rules';

function named(objects: KubeObject[], kind: string, name: string): KubeObject {
  const found = objects.find((object) => object.kind === kind && object.metadata.name === name);
  if (found === undefined) throw new Error(`no ${kind} ${name}`);
  return found;
}

describe('transformApplication', () => {
  it('maps namespaces: metadata.namespace, Namespace names, and the namespaces of binding subjects', () => {
    const objects = [
      build.namespace('shop'),
      build.namespace('other'),
      build.configMap('shop', 'settings'),
      build.roleBinding('shop', 'readers', { kind: 'Role', name: 'reader' }, [{ kind: 'ServiceAccount', name: 'app', namespace: 'shop' }, { kind: 'User', name: 'alice' }]),
      build.clusterRoleBinding('shop-app', 'app-role', [{ kind: 'ServiceAccount', name: 'app', namespace: 'shop' }, { kind: 'ServiceAccount', name: 'x', namespace: 'other' }]),
    ];
    const { objects: mapped } = transformApplication(objects, { namespaceMapping: { shop: 'shop-dr' } });
    expect(mapped.filter((object) => object.kind === 'Namespace').map((namespace) => namespace.metadata.name)).toEqual(['shop-dr', 'other']);
    expect(named(mapped, 'ConfigMap', 'settings').metadata.namespace).toBe('shop-dr');
    expect(named(mapped, 'RoleBinding', 'readers')).toMatchObject({ metadata: { namespace: 'shop-dr' }, subjects: [{ namespace: 'shop-dr' }, { kind: 'User', name: 'alice' }] });
    expect(named(mapped, 'ClusterRoleBinding', 'shop-app')['subjects']).toEqual([
      { kind: 'ServiceAccount', name: 'app', namespace: 'shop-dr' },
      { kind: 'ServiceAccount', name: 'x', namespace: 'other' },
    ]);
  });

  it('maps StorageClasses of claims, claim templates and volumes, and drops the StorageClasses mapped away', () => {
    const objects = [
      build.storageClass('fast'),
      build.storageClass('kept'),
      build.pvc('shop', 'data', { storageClassName: 'fast' }),
      build.pvc('shop', 'legacy', {}, { annotations: { 'volume.beta.kubernetes.io/storage-class': 'fast' } }),
      build.pvc('shop', 'other', { storageClassName: 'kept' }),
      build.pv('pv-1', { storageClassName: 'fast' }),
      build.statefulSet('shop', 'db', { volumeClaimTemplates: [{ metadata: { name: 'data' }, spec: { storageClassName: 'fast' } }] }),
    ];
    const { objects: mapped, skipped } = transformApplication(objects, { storageClassMapping: { fast: 'premium-ssd' } });
    expect(skipped).toEqual([{ ref: { apiVersion: 'storage.k8s.io/v1', kind: 'StorageClass', name: 'fast' }, reason: 'mapped to StorageClass "premium-ssd" of the destination' }]);
    expect(mapped.filter((object) => object.kind === 'StorageClass').map((sc) => sc.metadata.name)).toEqual(['kept']);
    expect(named(mapped, 'PersistentVolumeClaim', 'data')['spec']).toMatchObject({ storageClassName: 'premium-ssd' });
    expect(named(mapped, 'PersistentVolumeClaim', 'legacy').metadata.annotations).toEqual({ 'volume.beta.kubernetes.io/storage-class': 'premium-ssd' });
    expect(named(mapped, 'PersistentVolumeClaim', 'other')['spec']).toMatchObject({ storageClassName: 'kept' });
    expect(named(mapped, 'PersistentVolume', 'pv-1')['spec']).toMatchObject({ storageClassName: 'premium-ssd' });
    expect(named(mapped, 'StatefulSet', 'db')['spec']).toMatchObject({ volumeClaimTemplates: [{ spec: { storageClassName: 'premium-ssd' } }] });
  });

  it('applies each rule to the objects it matches, in order, after mapping (rules see destination namespaces)', () => {
    const objects = [
      build.deployment('shop', 'web', {}, { labels: { tier: 'front' } }),
      build.deployment('shop', 'api', {}, { labels: { tier: 'back' } }),
      build.deployment('other', 'web', {}, { labels: { tier: 'front' } }),
      kubeObject('example.com/v1', 'Deployment', 'web', { namespace: 'shop', labels: { tier: 'front' } }),
    ];
    const { objects: transformed } = transformApplication(objects, {
      namespaceMapping: { shop: 'shop-dr' },
      rules: [
        {
          name: 'one-replica',
          match: { kind: 'Deployment', group: 'apps', namespace: 'shop-dr', selector: { matchLabels: { tier: 'front' } } },
          patch: [{ op: 'replace', path: '/spec/replicas', value: 1 }],
        },
      ],
    });
    expect(transformed.map((object) => [object.apiVersion, object.metadata.namespace, object.metadata.name, (object['spec'] as { replicas?: number } | undefined)?.replicas])).toEqual([
      ['apps/v1', 'shop-dr', 'web', 1],
      ['apps/v1', 'shop-dr', 'api', 3],
      ['apps/v1', 'other', 'web', 3],
      ['example.com/v1', 'shop-dr', 'web', undefined],
    ]);
  });

  it('lets a later rule see what an earlier one did', () => {
    const { objects } = transformApplication([build.deployment('shop', 'web')], {
      rules: [
        { name: 'one-replica', match: { kind: 'Deployment' }, patch: [{ op: 'replace', path: '/spec/replicas', value: 1 }] },
        { name: 'mark-when-one', match: { kind: 'Deployment' }, patch: [{ op: 'test', path: '/spec/replicas', value: 1 }, { op: 'add', path: '/metadata/labels', value: { dr: 'yes' } }] },
      ],
    });
    expect(objects[0]?.metadata.labels).toEqual({ dr: 'yes' });
  });

  it('reports every failed patch at once, naming the rule, the object and the operation', () => {
    const run = () =>
      transformApplication([build.deployment('shop', 'web'), build.deployment('shop', 'api'), build.configMap('shop', 'settings')], {
        rules: [{ name: 'pin-node', match: { kind: 'Deployment' }, patch: [{ op: 'add', path: '/spec/template/spec/nodeSelector/zone', value: 'a' }] }],
      });
    expect(run).toThrow(TransformRuleError);
    expect(run).toThrow(
      '2 transform rule patch(es) failed; fix the rule or narrow its match:\n' +
        '- rule 0 "pin-node" on Deployment shop/web: patch[0] (add /spec/template/spec/nodeSelector/zone): /spec/template/spec/nodeSelector does not exist\n' +
        '- rule 0 "pin-node" on Deployment shop/api: patch[0] (add /spec/template/spec/nodeSelector/zone): /spec/template/spec/nodeSelector does not exist',
    );
  });

  it('refuses invalid options before touching anything, listing every problem', () => {
    const run = () =>
      transformApplication([build.configMap('shop', 'settings')], {
        namespaceMapping: { shop: 'Shop_DR' },
        rules: [{ name: '', match: { kind: '' }, patch: [] }],
      });
    expect(run).toThrow(InvalidInputError);
    expect(run).toThrow(
      'the transform options have 4 problem(s):\n' +
        '- namespaceMapping["shop"]: "Shop_DR" is not a valid namespace name; map to a namespace name: lower-case letters, digits and "-", at most 63 characters\n' +
        '- rule 0: rules[0].name: is missing or empty; name the rule, so that messages can say which rule failed\n' +
        '- rule 0: rules[0].match.kind: is missing or empty; name the kind the rule changes, e.g. "Deployment"\n' +
        '- rule 0: rules[0].patch: is missing or empty; give a JSON Patch: a list of operations such as { "op": "replace", "path": "/spec/replicas", "value": 1 }',
    );
  });

  it('refuses a mapping that gives two objects the same name', () => {
    expect(() => transformApplication([build.namespace('a'), build.namespace('b'), build.configMap('a', 'x'), build.configMap('b', 'x')], { namespaceMapping: { a: 'b' } })).toThrow(
      'after transforming, more than one object is named Namespace b, ConfigMap b/x; map the source namespaces to distinct destination namespaces',
    );
  });

  it('never changes its input', () => {
    const objects = [build.namespace('shop'), build.pvc('shop', 'data', { storageClassName: 'fast' }), build.deployment('shop', 'web')];
    const before = structuredClone(objects);
    transformApplication(objects, {
      namespaceMapping: { shop: 'dr' },
      storageClassMapping: { fast: 'slow' },
      rules: [{ name: 'r', match: { kind: 'Deployment' }, patch: [{ op: 'replace', path: '/spec/replicas', value: 1 }] }],
    });
    expect(objects).toEqual(before);
  });
});
