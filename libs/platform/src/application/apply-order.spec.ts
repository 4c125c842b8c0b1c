import { refOf } from '../model/kube-object';
import { sortForApply } from './apply-order';
import { build, kubeObject } from './testing/kube-objects.builder';

describe('sortForApply', () => {
  it('orders what is referred to before what refers to it, other built-ins after workloads and custom resources last', () => {
    const objects = [
      kubeObject('example.com/v1', 'Database', 'db', { namespace: 'shop' }),
      kubeObject('networking.k8s.io/v1', 'Ingress', 'web', { namespace: 'shop' }),
      build.cronJob('shop', 'report'),
      build.job('shop', 'migrate'),
      build.deployment('shop', 'web'),
      build.statefulSet('shop', 'db'),
      build.daemonSet('shop', 'agent'),
      build.service('shop', 'web', {}),
      build.pvc('shop', 'data'),
      build.secret('shop', 'creds'),
      build.configMap('shop', 'settings'),
      build.roleBinding('shop', 'rb', { kind: 'Role', name: 'r' }, []),
      build.role('shop', 'r'),
      build.clusterRoleBinding('crb', 'cr', []),
      build.clusterRole('cr'),
      build.serviceAccount('shop', 'app'),
      build.pv('pv-1'),
      build.storageClass('fast'),
      build.namespace('shop'),
      build.crd('example.com', 'databases', 'Database'),
    ];
    expect(sortForApply(objects).map((object) => object.kind)).toEqual([
      'CustomResourceDefinition',
      'Namespace',
      'StorageClass',
      'PersistentVolume',
      'ServiceAccount',
      'ClusterRole',
      'ClusterRoleBinding',
      'Role',
      'RoleBinding',
      'ConfigMap',
      'Secret',
      'PersistentVolumeClaim',
      'Service',
      'Deployment',
      'StatefulSet',
      'DaemonSet',
      'Job',
      'CronJob',
      'Ingress',
      'Database',
    ]);
  });

  it('orders objects of one kind by namespace and name, whatever order they came in', () => {
    const objects = [build.configMap('b', 'x'), build.configMap('a', 'y'), build.configMap('a', 'x')];
    expect(sortForApply(objects).map(refOf)).toEqual([refOf(objects[2]!), refOf(objects[1]!), refOf(objects[0]!)]);
    expect(sortForApply([...objects].reverse()).map(refOf)).toEqual(sortForApply(objects).map(refOf));
  });
});
