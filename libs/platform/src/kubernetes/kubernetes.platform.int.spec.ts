import { describePlatformContract, suffix } from '../platform.contract';
import { startKubeSite, type KubeSite } from './kubernetes.fixture';

// The port's contract against a real API server with its controllers, as Tandem's least-privilege identity
// (plus, as an administrator would grant it, writes on the contract's custom resource type). No kubelet runs
// there, so no pod ever runs: exec is not registered, and workloads are checked by their objects and pods.
let site: KubeSite | undefined;

afterAll(async () => {
  await site?.stop();
});

describePlatformContract(
  'KubernetesPlatform',
  async () => {
    site ??= await startKubeSite('contract', [{ group: '*', resource: 'widgets' }]);
    const namespace = `contract-${suffix()}`;
    await site.admin.apply({ apiVersion: 'v1', kind: 'Namespace', metadata: { name: namespace } }, { fieldManager: 'kubectl' });
    // No provisioner runs: a default StorageClass and one free volume of it for the claim the contract binds.
    await site.admin.apply(
      { apiVersion: 'storage.k8s.io/v1', kind: 'StorageClass', metadata: { name: 'standard', annotations: { 'storageclass.kubernetes.io/is-default-class': 'true' } }, provisioner: 'kubernetes.io/no-provisioner', volumeBindingMode: 'Immediate' },
      { fieldManager: 'kubectl' },
    );
    await site.admin.apply(
      { apiVersion: 'v1', kind: 'PersistentVolume', metadata: { name: `pv-${namespace}` }, spec: { capacity: { storage: '1Gi' }, accessModes: ['ReadWriteOnce'], storageClassName: 'standard', hostPath: { path: `/srv/${namespace}` }, claimRef: { namespace, name: 'data' } } },
      { fieldManager: 'kubectl' },
    );
    const current = site;
    return {
      platform: current.tandem,
      namespace,
      capabilities: { exec: false, runsWorkloads: false },
      cleanup: async () => {
        await current.admin.delete({ apiVersion: 'v1', kind: 'Namespace', name: namespace });
      },
    };
  },
  { exec: false },
);
