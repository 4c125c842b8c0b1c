import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { REPO_ROOT, startKubeApiServer, waitFor, type KubeApiServerHandle } from '@tandem/testing';
import { yamlDocuments } from '../application.contract';
import { describeRef, refOf, type KubeObject } from '../model/kube-object';
import { loadKubeConfig } from './kube-config.loader';
import { KubernetesPlatform } from './kubernetes.platform';

/** A real API server (with controllers) set up as a site Tandem works on: Tandem's RBAC applied and bound. */
export interface KubeSite {
  server: KubeApiServerHandle;
  /** As Tandem: the `tandem` user, bound to the `tandem` ClusterRole of deploy/kubernetes/clusterrole.yaml only. */
  tandem: KubernetesPlatform;
  /** As the cluster's administrator (system:masters): deploys applications, sets up tests. */
  admin: KubernetesPlatform;
  stop(): Promise<void>;
}

/** Tandem's ClusterRoles, exactly as shipped. */
export function tandemClusterRoles(): KubeObject[] {
  return yamlDocuments(readFileSync(join(REPO_ROOT, 'deploy/kubernetes/clusterrole.yaml'), 'utf8'));
}

/**
 * Starts a Kubernetes API server with its controllers, applies Tandem's ClusterRoles, binds `tandem` to the
 * `tandem` role, and allows Tandem to write `extraResources` (custom resources) through an aggregated ClusterRole —
 * the way an administrator lets Tandem migrate a custom resource type.
 */
export async function startKubeSite(site: string, extraResources: { group: string; resource: string }[] = []): Promise<KubeSite> {
  const server = await startKubeApiServer({ name: site, controllers: true });
  try {
    const admin = new KubernetesPlatform(site, loadKubeConfig({ kind: 'inline', yaml: server.kubeconfig(server.admin) }));
    const tandem = new KubernetesPlatform(site, loadKubeConfig({ kind: 'inline', yaml: server.kubeconfig(server.tandem) }));
    for (const role of tandemClusterRoles()) await admin.apply(role, { fieldManager: 'helm' });
    if (extraResources.length > 0) {
      await admin.apply(
        {
          apiVersion: 'rbac.authorization.k8s.io/v1',
          kind: 'ClusterRole',
          metadata: { name: 'tandem-custom-resources', labels: { 'dr.tandem.dev/aggregate-to-tandem': 'true' } },
          rules: extraResources.map(({ group, resource }) => ({ apiGroups: [group], resources: [resource], verbs: ['create', 'patch', 'update', 'delete'] })),
        },
        { fieldManager: 'helm' },
      );
    }
    await server.grant(server.tandem, 'tandem');
    // RBAC and role aggregation apply a moment later.
    await waitFor(async () => (await server.request(server.tandem, '/api/v1/namespaces/default/configmaps')).status === 200, { what: 'the tandem role to take effect', timeoutMs: 60_000 });
    return { server, admin, tandem, stop: () => server.stop() };
  } catch (error) {
    await server.stop();
    throw error;
  }
}

/**
 * Deploys YAML as the administrator would with `kubectl apply --server-side`, in document order; custom resources
 * are retried until their CRD is served. Then gives every claim a volume of its StorageClass (no provisioner runs
 * here) and waits until each is bound.
 */
export async function deployAsAdmin(site: KubeSite, yaml: string, storageClass: string): Promise<void> {
  for (const object of yamlDocuments(yaml)) {
    await waitFor(() => site.admin.apply(object, { fieldManager: 'kubectl' }).then(() => true), { what: `${describeRef(refOf(object))} to be applied`, timeoutMs: 60_000 });
  }
  await site.admin.apply(
    { apiVersion: 'storage.k8s.io/v1', kind: 'StorageClass', metadata: { name: storageClass }, provisioner: 'kubernetes.io/no-provisioner', volumeBindingMode: 'Immediate' },
    { fieldManager: 'kubectl' },
  );
  const namespaces = new Set(yamlDocuments(yaml).flatMap((object) => (object.metadata.namespace === undefined ? [] : [object.metadata.namespace])));
  const claimType = { group: '', version: 'v1', kind: 'PersistentVolumeClaim', plural: 'persistentvolumeclaims', namespaced: true, verbs: ['list'] };
  for (const namespace of namespaces) {
    // StatefulSets make their claims a moment after they are applied.
    const claims = await waitFor(
      async () => {
        const found = await site.admin.list(claimType, { namespace });
        return found.length >= 2 ? found : undefined;
      },
      { what: `the claims of ${namespace}`, timeoutMs: 60_000 },
    );
    for (const claim of claims) {
      const name = `pv-${namespace}-${claim.metadata.name}`.slice(0, 63);
      await site.admin.apply(
        {
          apiVersion: 'v1',
          kind: 'PersistentVolume',
          metadata: { name },
          spec: {
            capacity: { storage: '1Gi' },
            accessModes: ['ReadWriteOnce'],
            storageClassName: storageClass,
            persistentVolumeReclaimPolicy: 'Retain',
            hostPath: { path: `/srv/volumes/${namespace}/${claim.metadata.name}` },
            claimRef: { namespace, name: claim.metadata.name },
          },
        },
        { fieldManager: 'kubectl' },
      );
      await waitFor(
        async () => ((await site.admin.get({ apiVersion: 'v1', kind: 'PersistentVolumeClaim', namespace, name: claim.metadata.name }))?.status as { phase?: string } | undefined)?.phase === 'Bound',
        { what: `claim ${namespace}/${claim.metadata.name} to bind`, timeoutMs: 60_000 },
      );
    }
  }
}
