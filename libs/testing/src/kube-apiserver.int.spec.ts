import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import { parse } from 'yaml';
import { type KubeApiServerHandle, startKubeApiServer } from './kube-apiserver.process';
import { kubeRequest } from './kube-https.util';
import { pinnedKubernetesVersion } from './kube-tools.binary';
import { waitFor } from './wait-for.util';

interface UserInfo {
  status: { userInfo: { username: string; uid?: string; groups?: string[] } };
}

const DEPLOYMENTS = (ns: string): string => `/apis/apps/v1/namespaces/${ns}/deployments`;

function deployment(name: string): object {
  const labels = { app: name };
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name, labels },
    spec: {
      replicas: 1,
      selector: { matchLabels: labels },
      template: { metadata: { labels }, spec: { containers: [{ name: 'app', image: 'registry.invalid/app:1' }] } },
    },
  };
}

describe('startKubeApiServer', () => {
  let server: KubeApiServerHandle;

  beforeAll(async () => {
    server = await startKubeApiServer({ name: 'source', identities: [{ name: 'auditor', groups: ['auditors'] }] });
  }, 180_000);

  afterAll(async () => {
    await server?.stop();
  });

  async function createNamespace(s: KubeApiServerHandle, name: string): Promise<void> {
    const res = await s.request(s.admin, '/api/v1/namespaces', {
      method: 'POST',
      body: { apiVersion: 'v1', kind: 'Namespace', metadata: { name } },
    });
    expect(res.status).toBe(201);
  }

  it('serves the pinned Kubernetes version over HTTPS on loopback, trusted through its own CA only', async () => {
    expect(server.url).toMatch(/^https:\/\/127\.0\.0\.1:\d+$/);
    const ready = await server.request(server.admin, '/readyz');
    expect([ready.status, ready.text]).toEqual([200, 'ok']);
    const version = (await server.request(undefined, '/version')).json<{ gitVersion: string; major: string }>();
    expect(version.gitVersion).toBe(pinnedKubernetesVersion());
    expect(server.version).toBe(version.gitVersion);
    await expect(kubeRequest({ url: server.url, caPem: '' }, '/version')).rejects.toThrow(/certificate/i);
  });

  it('lets the admin create a namespace, a Deployment and a pod (no controller manager needed)', async () => {
    await createNamespace(server, 'shop');
    const created = await server.request(server.admin, DEPLOYMENTS('shop'), { method: 'POST', body: deployment('web') });
    expect(created.status).toBe(201);
    const read = await server.request(server.admin, `${DEPLOYMENTS('shop')}/web`);
    expect(read.json<{ spec: { replicas: number } }>().spec.replicas).toBe(1);
    const pod = await server.request(server.admin, '/api/v1/namespaces/shop/pods', {
      method: 'POST',
      body: { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'p' }, spec: { containers: [{ name: 'c', image: 'x' }] } },
    });
    expect(pod.status).toBe(201);
  });

  it('authenticates tandem as itself, with no privileges until an admin grants a ClusterRole', async () => {
    const review = await server.request(server.tandem, '/apis/authentication.k8s.io/v1/selfsubjectreviews', {
      method: 'POST',
      body: { apiVersion: 'authentication.k8s.io/v1', kind: 'SelfSubjectReview' },
    });
    expect(review.json<UserInfo>().status.userInfo).toEqual({
      username: 'tandem',
      uid: 'tandem',
      groups: ['system:authenticated'],
    });
    await createNamespace(server, 'orders');

    const before = await server.request(server.tandem, DEPLOYMENTS('orders'));
    expect(before.status).toBe(403);
    expect(before.json<{ message: string }>().message).toContain('User "tandem" cannot list resource "deployments"');

    // Not the built-in `view`: it is aggregated, and only the controller manager (not running) fills in its rules.
    const role = await server.request(server.admin, '/apis/rbac.authorization.k8s.io/v1/clusterroles', {
      method: 'POST',
      body: {
        apiVersion: 'rbac.authorization.k8s.io/v1',
        kind: 'ClusterRole',
        metadata: { name: 'deployment-reader' },
        rules: [{ apiGroups: ['apps'], resources: ['deployments'], verbs: ['get', 'list', 'watch'] }],
      },
    });
    expect(role.status).toBe(201);
    await server.grant(server.tandem, 'deployment-reader');
    const after = await waitFor(
      async () => {
        const res = await server.request(server.tandem, DEPLOYMENTS('orders'));
        return res.status === 200 && res;
      },
      { what: 'RBAC to let tandem list deployments after the grant', timeoutMs: 10_000 },
    );
    expect(after.json<{ kind: string }>().kind).toBe('DeploymentList');
    const write = await server.request(server.tandem, DEPLOYMENTS('orders'), { method: 'POST', body: deployment('x') });
    expect(write.status).toBe(403); // the role reads only
  });

  it('knows the identities declared at start, and refuses tokens it never issued', async () => {
    expect(server.identity('auditor').groups).toEqual(['auditors']);
    expect(server.identity('admin')).toBe(server.admin);
    expect(() => server.identity('nobody')).toThrow(/declare it in startKubeApiServer/);
    const forged = await server.request({ ...server.tandem, token: 'f'.repeat(64) }, '/api/v1/namespaces');
    expect(forged.status).toBe(401);
  });

  it('signs service account tokens that it then accepts', async () => {
    await createNamespace(server, 'robots');
    const sa = await server.request(server.admin, '/api/v1/namespaces/robots/serviceaccounts', {
      method: 'POST',
      body: { apiVersion: 'v1', kind: 'ServiceAccount', metadata: { name: 'r2' } },
    });
    expect(sa.status).toBe(201);
    const issued = await server.request(server.admin, '/api/v1/namespaces/robots/serviceaccounts/r2/token', {
      method: 'POST',
      body: { apiVersion: 'authentication.k8s.io/v1', kind: 'TokenRequest', spec: { expirationSeconds: 600 } },
    });
    const token = issued.json<{ status: { token: string } }>().status.token;
    const review = await kubeRequest(server, '/apis/authentication.k8s.io/v1/selfsubjectreviews', {
      method: 'POST',
      token,
      body: { apiVersion: 'authentication.k8s.io/v1', kind: 'SelfSubjectReview' },
    });
    expect(review.json<UserInfo>().status.userInfo.username).toBe('system:serviceaccount:robots:r2');
  });

  it('writes a kubeconfig for an identity', async () => {
    const file = await server.writeKubeconfig(server.tandem);
    const config = parse(await readFile(file, 'utf8'));
    expect(config).toMatchObject({
      'current-context': 'tandem@source',
      clusters: [{ name: 'source', cluster: { server: server.url } }],
      users: [{ name: 'tandem', user: { token: server.tandem.token } }],
    });
    const ca = Buffer.from(config.clusters[0].cluster['certificate-authority-data'], 'base64').toString();
    expect(ca).toBe(server.caPem);
    expect(server.kubeconfig(server.tandem)).toBe(await readFile(file, 'utf8'));
  });

  it('runs a second, separate cluster with controllers beside the first, and stop() cleans up after it', async () => {
    const destination = await startKubeApiServer({ name: 'destination', controllers: true });
    const dir = dirname(destination.logFiles.apiServer);
    const { etcd, apiServer, controllerManager } = destination.pids;
    try {
      expect(destination.url).not.toBe(server.url);
      expect((await destination.request(destination.admin, '/api/v1/namespaces/shop')).status).toBe(404);
      expect((await destination.request(server.admin, '/api/v1/namespaces')).status).toBe(401);
      await createNamespace(destination, 'shop');
      // The controllers run: the namespace gets its default ServiceAccount, a Deployment its ReplicaSet, a claim
      // binds to a matching volume.
      await waitFor(async () => (await destination.request(destination.admin, '/api/v1/namespaces/shop/serviceaccounts/default')).status === 200, {
        what: 'the default ServiceAccount of shop',
        timeoutMs: 60_000,
      });
      expect((await destination.request(destination.admin, DEPLOYMENTS('shop'), { method: 'POST', body: deployment('web') })).status).toBe(201);
      const owners = await waitFor(
        async () => {
          const list = JSON.parse((await destination.request(destination.admin, '/apis/apps/v1/namespaces/shop/replicasets')).text) as { items: { metadata: { ownerReferences?: { kind: string; name: string }[] } }[] };
          return list.items[0]?.metadata.ownerReferences;
        },
        { what: 'a ReplicaSet of Deployment web', timeoutMs: 60_000 },
      );
      expect(owners).toEqual([expect.objectContaining({ kind: 'Deployment', name: 'web' })]);
      const pv = { apiVersion: 'v1', kind: 'PersistentVolume', metadata: { name: 'shop-data' }, spec: { capacity: { storage: '1Gi' }, accessModes: ['ReadWriteOnce'], storageClassName: 'manual', hostPath: { path: '/srv/shop' } } };
      const pvc = { apiVersion: 'v1', kind: 'PersistentVolumeClaim', metadata: { name: 'data' }, spec: { accessModes: ['ReadWriteOnce'], storageClassName: 'manual', resources: { requests: { storage: '1Gi' } } } };
      expect((await destination.request(destination.admin, '/api/v1/persistentvolumes', { method: 'POST', body: pv })).status).toBe(201);
      expect((await destination.request(destination.admin, '/api/v1/namespaces/shop/persistentvolumeclaims', { method: 'POST', body: pvc })).status).toBe(201);
      const bound = await waitFor(
        async () => {
          const claim = JSON.parse((await destination.request(destination.admin, '/api/v1/namespaces/shop/persistentvolumeclaims/data')).text) as { spec: { volumeName?: string }; status?: { phase?: string } };
          return claim.status?.phase === 'Bound' ? claim.spec.volumeName : undefined;
        },
        { what: 'claim data to bind', timeoutMs: 60_000 },
      );
      expect(bound).toBe('shop-data');
    } finally {
      await destination.stop();
    }
    expect(destination.pids).toEqual({ etcd: undefined, apiServer: undefined, controllerManager: undefined });
    for (const pid of [etcd, apiServer, controllerManager]) expect(() => process.kill(pid as number, 0)).toThrow(/ESRCH/);
    expect(existsSync(dir)).toBe(false);
    await expect(destination.request(destination.admin, '/readyz')).rejects.toThrow(/ECONNREFUSED/);
    expect((await server.request(server.admin, '/readyz')).text).toBe('ok');
  });
});
