import { randomUUID } from 'node:crypto';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { parseAllDocuments } from 'yaml';
import { ClusterPairResolved, DataOf, ResolveClusterPair, ResolveClusterPairFailed } from '@tandem/contracts';
import type { KubeObject } from '@tandem/platform';
import { ARTICLE_CLUSTER_PAIR, ARTICLE_SCHEDULE_POLICY } from '@tandem/resources';
import { freePort, runTandemctl, type S3ServerHandle, startS3Server, tempDir } from '@tandem/testing';
import { FailoverHarness } from './testing/failover.harness';

interface View {
  apiVersion: string;
  kind: string;
  metadata: { namespace: string; name: string; creationTimestamp: string };
  spec: Record<string, unknown>;
  status: { state: 'Ready' | 'NotReady'; reason?: string; mode: string; checkedAt: string };
}
interface Applied {
  applied: { kind: string; namespace: string; name: string; action: string; status: View['status'] }[];
  warnings: { path: string; message: string }[];
}

const pairYaml = (namespace: string, name: string, destination: string) => `apiVersion: tandem.dev/v1alpha1
kind: ClusterPair
metadata: {name: ${name}, namespace: ${namespace}}
spec:
  destination:
${destination}`;

/** Cluster pairs between two real lab sites, each with a real failover service, database and bus prefix. */
describe('failover service: cluster pairs', () => {
  let h: FailoverHarness;
  let storeDir: string;
  let s3: S3ServerHandle;

  beforeAll(async () => {
    storeDir = await tempDir('failover-store');
    [h, s3] = await Promise.all([FailoverHarness.start({ destinationObjectStore: `filesystem:${storeDir}` }), startS3Server()]);
  });

  afterAll(async () => {
    await h?.close();
    await s3?.stop();
  });

  const resolveOverBus = async (namespace: string, name: string) => {
    const requestId = `resolve-${randomUUID()}`;
    const sagaRef = { sagaId: `saga-${randomUUID().slice(0, 8)}`, step: 'resolve-pair', attempt: 1, action: 'do' as const };
    await h.bus.send(ResolveClusterPair, { requestId, sagaRef, namespace, name });
    const answer = await h.bus.waitForOne([ClusterPairResolved, ResolveClusterPairFailed], (e) => (e.data as { requestId: string }).requestId === requestId);
    return { requestId, sagaRef, answer };
  };

  it('pairs the source with the destination from what generate prints there: Secret on the source site, pair to its failover service → Ready', async () => {
    const answered = await fetch(`${h.destination.url}/v1/clusterpairs/generate?namespace=appns&name=dr-site`);
    expect(answered.status).toBe(200);
    expect(answered.headers.get('content-type')).toMatch(/^application\/yaml/);
    const generated = { body: await answered.text() };
    const [secretDoc, pairDoc] = parseAllDocuments(generated.body).map((d) => d.toJS() as KubeObject);
    expect(secretDoc).toEqual({
      apiVersion: 'v1',
      kind: 'Secret',
      metadata: { name: 'dr-site-platform', namespace: 'appns' },
      type: 'Opaque',
      stringData: { 'lab-url': expect.stringMatching(/^http:\/\/127\.0\.0\.1:\d+/), 'lab-token': expect.any(String) },
    });
    expect(pairDoc).toEqual({
      apiVersion: 'tandem.dev/v1alpha1',
      kind: 'ClusterPair',
      metadata: { name: 'dr-site', namespace: 'appns' },
      spec: {
        mode: 'async',
        destination: { endpoints: [h.destination.url], clusterDomain: 'dr-site', kubeconfigSecretRef: { name: 'dr-site-platform' } },
        objectStore: { type: 'filesystem', path: storeDir },
      },
    });

    const source = await h.source.lab.platform();
    await source.apply({ apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'appns' } }, { fieldManager: 'tandemctl' });
    await source.apply(secretDoc!, { fieldManager: 'tandemctl' });
    const pairText = generated.body.split(/^---\n/m)[1]!;
    const applied = await h.source.request<Applied>('POST', '/v1/resources', pairText);
    expect(applied.status).toBe(200);
    expect(applied.body).toEqual({
      applied: [{ kind: 'ClusterPair', namespace: 'appns', name: 'dr-site', action: 'created', status: { state: 'Ready', mode: 'async', checkedAt: expect.any(String) } }],
      warnings: [],
    });

    const view = await h.source.request<View>('GET', '/v1/clusterpairs/appns/dr-site');
    expect(view.body).toEqual({
      apiVersion: 'tandem.dev/v1alpha1',
      kind: 'ClusterPair',
      metadata: { namespace: 'appns', name: 'dr-site', creationTimestamp: expect.any(String) },
      spec: pairDoc!['spec'],
      status: { state: 'Ready', mode: 'async', checkedAt: expect.any(String) },
    });
    const again = await h.source.request<Applied>('POST', '/v1/resources', pairText);
    expect(again.body.applied[0]).toMatchObject({ action: 'unchanged', status: { state: 'Ready' } });

    const domains = await h.source.request<{ items: { name: string; local: boolean; epoch: number; active: boolean }[] }>('GET', '/v1/clusterdomains');
    expect(domains.body.items.map(({ name, local, epoch, active }) => ({ domain: name, local, epoch, active }))).toEqual([
      { domain: 'dr-site', local: false, epoch: 0, active: true },
      { domain: 'primary', local: true, epoch: 0, active: true },
    ]);
  });

  it('resolves the Ready pair over the bus for a migration: domains, epochs, the fs store, the access Secret', async () => {
    const { requestId, sagaRef, answer } = await resolveOverBus('appns', 'dr-site');
    expect(answer.type).toBe(ClusterPairResolved.type);
    expect(answer.id.startsWith(`${requestId}/answer/`)).toBe(true);
    expect(answer.data).toEqual<DataOf<typeof ClusterPairResolved>>({
      requestId,
      sagaRef,
      output: {
        namespace: 'appns',
        name: 'dr-site',
        mode: 'async',
        sourceDomain: 'primary',
        sourceEpoch: 0,
        destinationDomain: 'dr-site',
        destinationEpoch: 0,
        store: { kind: 'fs', path: storeDir },
        repository: { masterKeyRef: { env: 'TANDEM_SECRET_REPOSITORY_KEY' } },
        destinationAccess: { namespace: 'appns', name: 'dr-site-platform' },
      },
    });
  });

  it('answers a pair that does not exist with a failure that will not pass by retrying, saying how to create it', async () => {
    const { answer } = await resolveOverBus('appns', 'nowhere');
    expect(answer.type).toBe(ResolveClusterPairFailed.type);
    expect(answer.data).toMatchObject({
      retryable: false,
      reason: expect.stringMatching(/no ClusterPair "nowhere" in namespace "appns".*tandemctl generate clusterpair -n appns nowhere/),
    });
    const missing = await h.source.request<{ message: string }>('GET', '/v1/clusterpairs/appns/nowhere');
    expect(missing.status).toBe(404);
    expect(missing.body.message).toMatch(/no ClusterPair "nowhere" in namespace "appns": create one by running `tandemctl generate clusterpair -n appns nowhere`/);
  });

  it('records NotReady naming each failed check: a missing Secret, an endpoint that does not answer', async () => {
    const closedPort = await freePort();
    const applied = await h.source.request<Applied>(
      'POST',
      '/v1/resources',
      `${pairYaml('appns', 'no-secret', `    endpoints: [${h.destination.url}]\n    clusterDomain: dr-site\n    kubeconfigSecretRef: {name: missing-platform}\n`)}---
${pairYaml('appns', 'dead-endpoint', `    endpoints: [http://127.0.0.1:${closedPort}]\n    clusterDomain: dr-site\n    kubeconfigSecretRef: {name: dr-site-platform}\n`)}`,
    );
    expect(applied.status).toBe(200);
    const [noSecret, deadEndpoint] = applied.body.applied;
    expect(noSecret).toMatchObject({ name: 'no-secret', action: 'created', status: { state: 'NotReady', mode: 'sync' } });
    expect(noSecret!.status.reason).toMatch(/^Secret appns\/missing-platform \(spec\.destination\.kubeconfigSecretRef\) does not exist on this site: create it/);
    expect(noSecret!.status.reason).not.toMatch(/endpoint/);
    expect(deadEndpoint).toMatchObject({ name: 'dead-endpoint', status: { state: 'NotReady' } });
    expect(deadEndpoint!.status.reason).toMatch(new RegExp(`^endpoint http://127\\.0\\.0\\.1:${closedPort} cannot be reached: .*ECONNREFUSED`));

    const listed = await h.source.request<{ items: View[] }>('GET', '/v1/clusterpairs?namespace=appns');
    expect(listed.body.items.map((v) => [v.metadata.name, v.status.state])).toEqual([
      ['dead-endpoint', 'NotReady'],
      ['dr-site', 'Ready'],
      ['no-secret', 'NotReady'],
    ]);
  });

  it('checks a NotReady pair again before resolving it, and answers retryable while it stays NotReady', async () => {
    const { answer } = await resolveOverBus('appns', 'no-secret');
    expect(answer.type).toBe(ResolveClusterPairFailed.type);
    expect(answer.data).toMatchObject({ retryable: true, reason: expect.stringMatching(/^ClusterPair appns\/no-secret is not Ready: Secret appns\/missing-platform/) });

    // Once the Secret exists, the same pair is Ready at the next resolution without being applied again.
    const source = await h.source.lab.platform();
    const secret = (await source.get({ apiVersion: 'v1', kind: 'Secret', namespace: 'appns', name: 'dr-site-platform' }))!;
    await source.apply({ apiVersion: 'v1', kind: 'Secret', metadata: { name: 'missing-platform', namespace: 'appns' }, data: secret['data'], stringData: secret['stringData'] }, { fieldManager: 'tandemctl' });
    const second = await resolveOverBus('appns', 'no-secret');
    expect(second.answer.type).toBe(ClusterPairResolved.type);
    expect(second.answer.data).toMatchObject({ output: { mode: 'sync', destinationAccess: { namespace: 'appns', name: 'missing-platform' } } });
    expect((second.answer.data as { output: object }).output).not.toHaveProperty('store');
    expect((await h.source.request<View>('GET', '/v1/clusterpairs/appns/no-secret')).body.status.state).toBe('Ready');

    // And validate says when it goes away again.
    await source.delete({ apiVersion: 'v1', kind: 'Secret', namespace: 'appns', name: 'missing-platform' });
    const validated = await h.source.request<View>('POST', '/v1/clusterpairs/appns/no-secret/validate');
    expect(validated.status).toBe(200);
    expect(validated.body.status).toMatchObject({ state: 'NotReady', reason: expect.stringMatching(/Secret appns\/missing-platform/) });
  });

  it("accepts the article's Stork pair, warns that its kubeconfig is inline, and says why it is not Ready", async () => {
    const applied = await h.source.request<Applied>('POST', '/v1/resources?namespace=appns', ARTICLE_CLUSTER_PAIR.replace('name: dr-site', 'name: px-dr-site'));
    expect(applied.status).toBe(200);
    expect(applied.body.applied[0]).toMatchObject({ kind: 'ClusterPair', namespace: 'appns', name: 'px-dr-site', action: 'created', status: { state: 'NotReady', mode: 'sync' } });
    expect(applied.body.applied[0]!.status.reason).toMatch(/^the destination's platform cannot be reached through the kubeconfig in spec\.config \(server https:\/\/192\.168\.56\.74:6443\): /);
    expect(applied.body.warnings.map((w) => w.path)).toEqual(expect.arrayContaining(['spec.config', 'spec.options']));

    const view = await h.source.request<View>('GET', '/v1/clusterpairs/appns/px-dr-site');
    expect(view.body.spec).toEqual({
      mode: 'sync',
      destination: { endpoints: [], inlineKubeconfig: { server: 'https://192.168.56.74:6443', currentContext: 'kubernetes-admin@kubernetes' } },
      options: { ip: '<ip-address-of-node-in-the-destination-cluster>', port: '<port_of_remote_px_node_default_9001>', token: '<token_generated_from_destination_cluster>' },
    });
    expect(JSON.stringify(view.body)).not.toContain('CLIENT_KEY_DATA');

    const { answer } = await resolveOverBus('appns', 'px-dr-site');
    expect(answer.data).toMatchObject({ retryable: true, reason: expect.stringContaining('192.168.56.74') });
  });

  it('reaches an s3 store with the credentials Secret it names (HeadBucket), and resolves it to the file the agents read', async () => {
    const source = await h.source.lab.platform();
    await source.apply(
      { apiVersion: 'v1', kind: 'Secret', metadata: { name: 'dr-s3', namespace: 'appns' }, stringData: { credentials: JSON.stringify({ accessKeyId: s3.accessKeyId, secretAccessKey: s3.secretAccessKey }) } },
      { fieldManager: 'tandemctl' },
    );
    const s3Pair = (name: string, bucket: string) =>
      `${pairYaml('appns', name, `    endpoints: [${h.destination.url}]\n    clusterDomain: dr-site\n    kubeconfigSecretRef: {name: dr-site-platform}\n`)}  objectStore:
    type: s3
    bucket: ${bucket}
    endpoint: ${s3.endpoint}
    region: ${s3.region}
    forcePathStyle: true
    credentialsSecretRef: {name: dr-s3}
`;
    const applied = await h.source.request<Applied>('POST', '/v1/resources', `${s3Pair('s3-pair', s3.bucket)}---\n${s3Pair('s3-no-bucket', 'no-such-bucket')}`);
    expect(applied.status).toBe(200);
    expect(applied.body.applied.map((a) => [a.name, a.status.state, a.status.reason])).toEqual([
      ['s3-pair', 'Ready', undefined],
      ['s3-no-bucket', 'NotReady', expect.stringMatching(/^the s3 object store s3:\/\/no-such-bucket at http:\/\/127\.0\.0\.1:\d+ does not exist/)],
    ]);
    const { answer } = await resolveOverBus('appns', 's3-pair');
    expect(answer.data).toMatchObject({
      output: {
        mode: 'async',
        store: { kind: 's3', endpoint: s3.endpoint, region: s3.region, bucket: s3.bucket, forcePathStyle: true, credentialsRef: { secretFile: '/var/run/secrets/tandem/appns/dr-s3/credentials' } },
      },
    });
  });

  it('refuses the kinds other services keep, naming the service, and applies nothing', async () => {
    const rejected = await h.source.request<{ problems: { document: number; path: string; message: string }[] }>(
      'POST',
      '/v1/resources',
      `${pairYaml('appns', 'never', `    endpoints: [${h.destination.url}]\n`)}---\n${ARTICLE_SCHEDULE_POLICY}`,
    );
    expect(rejected.status).toBe(400);
    expect(rejected.body.problems).toEqual([
      expect.objectContaining({ document: 2, path: 'kind', message: 'the failover service keeps ClusterPair resources only; SchedulePolicy resources are kept by the scheduler service' }),
    ]);
    expect((await h.source.request('GET', '/v1/clusterpairs/appns/never')).status).toBe(404);

    expect((await h.source.request('DELETE', '/v1/clusterpairs/appns/dead-endpoint')).status).toBe(204);
    expect((await h.source.request('DELETE', '/v1/clusterpairs/appns/dead-endpoint')).status).toBe(404);
  });

  it("pairs with the article's commands unchanged: generate on the destination, create -f of that file on the source → Secret applied, pair Ready", async () => {
    const home = await tempDir('tandemctl-home');
    const file = join(home, 'dr-shop.yaml');
    const generated = await runTandemctl(['generate', 'clusterpair', '-n', 'shopns', 'dr-shop'], { env: { HOME: home, TANDEM_FAILOVER_URL: h.destination.url } });
    expect(generated).toMatchObject({ code: 0, stderr: '' });
    await writeFile(file, generated.stdout);
    const token = (parseAllDocuments(generated.stdout)[0]!.toJS() as { stringData: Record<string, string> }).stringData['lab-token']!;

    // The application's namespace exists on the source; the Secret is not there yet.
    const source = await h.source.lab.platform();
    await source.apply({ apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'shopns' } }, { fieldManager: 'kubectl' });
    const secretRef = { apiVersion: 'v1', kind: 'Secret', namespace: 'shopns', name: 'dr-shop-platform' };
    expect(await source.get(secretRef)).toBeUndefined();

    const created = await runTandemctl(['create', '-f', file], { env: { HOME: home, TANDEM_FAILOVER_URL: h.source.url } });
    expect(created).toEqual({ code: 0, stdout: 'secret/dr-shop-platform created\nclusterpair/dr-shop created\n', stderr: '' });
    const secret = await source.get(secretRef);
    expect(Buffer.from((secret!['data'] as Record<string, string>)['lab-token']!, 'base64').toString('utf8')).toBe(token);
    expect((secret!['metadata'] as { managedFields?: { manager: string }[] }).managedFields?.map((f) => f.manager) ?? ['tandem-failover']).toContain('tandem-failover');
    const view = await h.source.request<View>('GET', '/v1/clusterpairs/shopns/dr-shop');
    expect(view.body.status).toMatchObject({ state: 'Ready', mode: 'async' });

    // Sent again: the Secret is applied (not refused) and answered by name only, never with its values.
    const again = await h.source.request<Applied>('POST', '/v1/resources', generated.stdout);
    expect(again.body.applied.map(({ kind, name, action }) => [kind, name, action])).toEqual([
      ['Secret', 'dr-shop-platform', 'unchanged'],
      ['ClusterPair', 'dr-shop', 'unchanged'],
    ]);
    expect(JSON.stringify(again.body)).not.toContain(token);
    const recreated = await runTandemctl(['create', '-f', file], { env: { HOME: home, TANDEM_FAILOVER_URL: h.source.url } });
    expect(recreated.code).toBe(1);
    expect(recreated.stderr).toContain('clusterpair/dr-shop already exists');
  });

  it('refuses other core kinds and a Secret whose namespace does not exist on this site, naming what to do; nothing is recorded', async () => {
    const configMap = await h.source.request<{ problems: { document: number; path: string; message: string; fix: string }[] }>(
      'POST',
      '/v1/resources?namespace=appns',
      `apiVersion: v1\nkind: ConfigMap\nmetadata: {name: settings}\ndata: {a: b}\n---\n${pairYaml('appns', 'with-config', `    endpoints: [${h.destination.url}]\n`)}`,
    );
    expect(configMap.status).toBe(400);
    expect(configMap.body.problems).toEqual([
      expect.objectContaining({ document: 1, path: 'kind', message: 'ConfigMap is a Kubernetes resource that Tandem does not apply', fix: expect.stringContaining('kubectl apply -f') }),
    ]);
    expect((await h.source.request('GET', '/v1/clusterpairs/appns/with-config')).status).toBe(404);

    const missingNs = await h.source.request<{ message: string }>(
      'POST',
      '/v1/resources',
      `apiVersion: v1\nkind: Secret\nmetadata: {name: access, namespace: nowhere}\nstringData: {lab-token: hidden-value}\n---\n${pairYaml('nowhere', 'dr-x', `    endpoints: [${h.destination.url}]\n    kubeconfigSecretRef: {name: access}\n`)}`,
    );
    expect(missingNs.status).toBe(400);
    expect(missingNs.body.message).toContain('Secret nowhere/access cannot be applied on this site');
    expect(missingNs.body.message).toContain('kubectl create namespace nowhere');
    expect(missingNs.body.message).not.toContain('hidden-value');
    expect((await h.source.request('GET', '/v1/clusterpairs/nowhere/dr-x')).status).toBe(404);
  });
});
