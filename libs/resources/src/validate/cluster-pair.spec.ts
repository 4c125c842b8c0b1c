import { s3Store, storkClusterPair, tandemClusterPair } from '../fixtures/builders';
import { problemsOf, valueOf } from '../fixtures/problem-fields';
import { PORTWORX_DOCS_CLUSTER_PAIR, STORK_README_CLUSTER_PAIR } from '../fixtures/stork-examples.fixtures';
import { TANDEM_ASYNC_CLUSTER_PAIR, TANDEM_METRO_CLUSTER_PAIR } from '../fixtures/tandem-examples.fixtures';
import { ClusterPair } from '../model/cluster-pair.model';
import { parseResourceDocuments } from '../parse/parse-resource-documents';
import { validateClusterPair } from './validators';

const onlyPair = (text: string): ClusterPair => {
  const { resources, problems } = parseResourceDocuments(text);
  expect(problems).toEqual([]);
  return resources[0] as ClusterPair;
};

describe('Stork ClusterPairs', () => {
  it.each([
    ['the Stork README', STORK_README_CLUSTER_PAIR, 'default', '<ip_of_remote_px_node>'],
    ['the Portworx docs', PORTWORX_DOCS_CLUSTER_PAIR, 'migrationnamespace', '<ip-address-of-node-in-the-destination-cluster>'],
  ])('reads %s example: the destination kubeconfig kept as written, Portworx options kept, a metro pair', (_, text, namespace, ip) => {
    const pair = onlyPair(text);
    expect(pair.metadata).toEqual({ name: 'remotecluster', namespace, labels: {}, annotations: {} });
    expect(pair.mode).toBe('sync');
    expect(pair.objectStore).toBeUndefined();
    expect(pair.destination.endpoints).toEqual([]);
    expect(pair.destination.kubeconfig).toMatchObject({ currentContext: 'kubernetes-admin@kubernetes', server: 'https://192.168.56.74:6443' });
    expect(pair.destination.kubeconfig?.config['users']).toEqual({
      'kubernetes-admin': { LocationOfOrigin: '/etc/kubernetes/admin.conf', 'client-certificate-data': '<CLIENT_CERT_DATA>', 'client-key-data': '<CLIENT_KEY_DATA>' },
    });
    expect(pair.options).toEqual({ ip, port: expect.any(String), token: expect.any(String) });
  });

  it("reads the master key's Secret from the option objectStoreEncryptionKeySecret", () => {
    const pair = valueOf(validateClusterPair(storkClusterPair({ objectStoreType: 'filesystem', objectStorePath: '/srv/tandem', objectStoreEncryptionKeySecret: 'tandem-system/dr-keys:master-key' })));
    expect(pair.objectStore).toEqual({ type: 'filesystem', path: '/srv/tandem', encryptionKeySecretRef: { namespace: 'tandem-system', name: 'dr-keys', key: 'master-key' } });
    expect(problemsOf(validateClusterPair(storkClusterPair({ objectStoreType: 'filesystem', objectStorePath: '/srv/tandem', objectStoreEncryptionKeySecret: 'a/b/c' })))).toEqual([
      {
        path: 'spec.options.objectStoreEncryptionKeySecret',
        message: '"a/b/c" is not a secret reference',
        fix: 'write the Secret as name, namespace/name, name:key or namespace/name:key, e.g. tandem-system/dr-site-s3',
      },
    ]);
  });

  it('says which options Tandem keeps without using them', () => {
    expect(parseResourceDocuments(PORTWORX_DOCS_CLUSTER_PAIR).warnings.map(({ path, message }) => ({ path, message }))).toEqual([
      { path: 'spec.options', message: 'Tandem keeps the options ip, port, token for Stork but does not use them' },
    ]);
  });

  it('reads Tandem\'s settings from the options: an async pair with its object store and endpoints', () => {
    const pair = valueOf(
      validateClusterPair(
        storkClusterPair({
          mode: 'DisasterRecovery',
          tandemEndpoints: 'https://tandem-a.dr.example.com, https://tandem-b.dr.example.com',
          tandemCredentialsSecret: 'dr-site-api',
          clusterDomain: 'dr-site',
          objectStoreType: 's3',
          objectStoreBucket: 'tandem-dr',
          objectStoreRegion: 'us-east-1',
          objectStoreEndpoint: 'https://minio.example.com:9000',
          objectStoreForcePathStyle: 'true',
          objectStoreCredentialsSecret: 'tandem-system/tandem-dr-s3:credentials.json',
        }),
      ),
    );
    expect(pair.mode).toBe('async');
    expect(pair.destination).toMatchObject({
      endpoints: ['https://tandem-a.dr.example.com', 'https://tandem-b.dr.example.com'],
      credentialsSecretRef: { name: 'dr-site-api' },
      clusterDomain: 'dr-site',
    });
    expect(pair.objectStore).toEqual({
      type: 's3',
      bucket: 'tandem-dr',
      region: 'us-east-1',
      endpoint: 'https://minio.example.com:9000',
      forcePathStyle: true,
      credentialsSecretRef: { namespace: 'tandem-system', name: 'tandem-dr-s3', key: 'credentials.json' },
    });
    expect(pair.options).toEqual({ mode: 'DisasterRecovery' });
  });

  it('refuses an inline secret key in the options, saying to reference a Secret', () => {
    expect(problemsOf(validateClusterPair(storkClusterPair({ objectStoreType: 's3', objectStoreBucket: 'tandem-dr', objectStoreRegion: 'us-east-1', objectStoreSecretAccessKey: 'wJalrXUtnFEMI' })))).toEqual([
      {
        path: 'spec.options.objectStoreSecretAccessKey',
        message: 'inline credentials are not accepted: objectStoreSecretAccessKey would hold a secret key in the resource itself',
        fix: 'store it in a Kubernetes Secret (kubectl create secret generic <secret> --from-literal=objectStoreSecretAccessKey=...) and reference the Secret with the option objectStoreCredentialsSecret: <secret> (or <namespace>/<secret>)',
      },
    ]);
  });

  it('reports every option problem at once: unquoted numbers, misspelt Tandem keys, a store missing its region', () => {
    expect(problemsOf(validateClusterPair(storkClusterPair({ port: 9001, objectStoreType: 's3', objectStoreBucket: 'tandem-dr', objectStoreRegon: 'us-east-1' })))).toEqual([
      { path: 'spec.options.port', message: 'expected a string, got 9001', fix: 'quote it: port: "9001"' },
      { path: 'spec.options.objectStoreRegon', message: 'unknown option "objectStoreRegon"', fix: 'did you mean objectStoreRegion?' },
      { path: 'spec.options.objectStoreRegion', message: 'an s3 object store needs the option objectStoreRegion', fix: 'add the option objectStoreRegion: us-east-1' },
    ]);
  });

  it('needs a way to reach the destination: a kubeconfig or Tandem endpoints', () => {
    const pair = storkClusterPair({ ip: '10.0.0.5' });
    delete (pair['spec'] as Record<string, unknown>)['config'];
    expect(problemsOf(validateClusterPair(pair))).toEqual([
      {
        path: 'spec.config',
        message: 'the destination cannot be reached: the pair has neither a kubeconfig nor Tandem endpoints',
        fix: 'add spec.config (run storkctl or tandemctl generate clusterpair on the destination), or the option tandemEndpoints: "https://<destination\'s Tandem API>"',
      },
    ]);
  });

  it('checks the kubeconfig: keyed by name as Stork writes it, and a current context that exists', () => {
    const listForm = storkClusterPair({}, { config: { clusters: [{ name: 'dr', cluster: { server: 'https://x' } }], users: {}, contexts: {}, 'current-context': 'dr' } });
    expect(problemsOf(validateClusterPair(listForm))).toEqual([
      {
        path: 'spec.config.clusters',
        message: 'expected a map of cluster name to cluster, got a list',
        fix: 'write it the way Stork does, keyed by name (clusters: {<name>: {...}}), not as a kubeconfig file\'s "- name:" list',
      },
    ]);
    const dangling = storkClusterPair({}, { config: { clusters: { dr: { server: 'https://x' } }, users: {}, contexts: { dr: { cluster: 'drr', user: 'admin' } }, 'current-context': 'dr' } });
    expect(problemsOf(validateClusterPair(dangling))).toEqual([
      { path: 'spec.config.contexts.dr.cluster', message: 'no cluster named "drr" under clusters:', fix: 'write cluster: one of dr' },
      { path: 'spec.config.contexts.dr.user', message: 'no user named "admin" under users:', fix: 'write user: one of (add a user first)' },
    ]);
  });

  it('points a Stork pair written in Tandem\'s form at the right apiVersion', () => {
    expect(problemsOf(validateClusterPair(storkClusterPair({}, { objectStore: s3Store() })))).toEqual([
      {
        path: 'spec.objectStore',
        message: 'spec.objectStore is Tandem\'s form of a ClusterPair, not Stork\'s',
        fix: 'write apiVersion: tandem.dev/v1alpha1, or give it as Stork options (objectStoreType, objectStoreBucket, …)',
      },
    ]);
  });

  it('warns that a Stork BackupLocation is not read, so the pair is a metro pair', () => {
    const result = validateClusterPair(storkClusterPair({ backuplocation: 's3-location' }));
    expect(valueOf(result).mode).toBe('sync');
    expect(result.warnings.map(({ path, message }) => ({ path, message }))).toEqual([
      { path: 'spec.options', message: 'Tandem keeps the options backuplocation for Stork but does not use them' },
      { path: 'spec.options.backuplocation', message: 'Tandem does not read Stork BackupLocation objects, so this pair has no object store and is a metro (sync) pair' },
    ]);
  });
});

describe('Tandem ClusterPairs', () => {
  it('reads an async pair: endpoints, object store and every credential as a Secret reference', () => {
    const pair = onlyPair(TANDEM_ASYNC_CLUSTER_PAIR);
    expect(pair).toEqual<ClusterPair>({
      kind: 'ClusterPair',
      apiVersion: 'tandem.dev/v1alpha1',
      metadata: { name: 'dr-site', namespace: 'appns', labels: {}, annotations: {} },
      mode: 'async',
      destination: {
        endpoints: ['https://tandem.dr-site.example.com:8443'],
        credentialsSecretRef: { name: 'dr-site-tandem-api' },
        clusterDomain: 'dr-site',
        kubeconfigSecretRef: { name: 'dr-site-kubeconfig', key: 'kubeconfig' },
      },
      objectStore: {
        type: 's3',
        bucket: 'tandem-dr',
        endpoint: 'https://minio.example.com:9000',
        region: 'us-east-1',
        prefix: 'appns',
        forcePathStyle: true,
        credentialsSecretRef: { name: 'tandem-dr-s3', namespace: 'tandem-system' },
      },
      options: {},
    });
  });

  it('reads a pair without an object store as a metro (sync) pair', () => {
    const pair = onlyPair(TANDEM_METRO_CLUSTER_PAIR);
    expect(pair.mode).toBe('sync');
    expect(pair.objectStore).toBeUndefined();
  });

  it('reads nats and filesystem stores', () => {
    expect(valueOf(validateClusterPair(tandemClusterPair({ objectStore: { type: 'nats', bucket: 'tandem_dr' } }))).objectStore).toEqual({ type: 'nats', bucket: 'tandem_dr' });
    expect(valueOf(validateClusterPair(tandemClusterPair({ objectStore: { type: 'filesystem', path: '/srv/tandem' } }))).objectStore).toEqual({ type: 'filesystem', path: '/srv/tandem' });
  });

  it("reads the Secret of the repository's master key for every store type, and checks it like any reference", () => {
    const key = { name: 'dr-site-master-key', namespace: 'tandem-system', key: 'master-key' };
    for (const store of [s3Store({ encryptionKeySecretRef: key }), { type: 'nats', bucket: 'tandem_dr', encryptionKeySecretRef: key }, { type: 'filesystem', path: '/srv/tandem', encryptionKeySecretRef: key }]) {
      expect(valueOf(validateClusterPair(tandemClusterPair({ objectStore: store }))).objectStore?.encryptionKeySecretRef).toEqual(key);
    }
    expect(problemsOf(validateClusterPair(tandemClusterPair({ objectStore: { type: 'filesystem', path: '/srv/tandem', encryptionKeySecretRef: { name: 'Master_Key' } } })))).toEqual([
      {
        path: 'spec.objectStore.encryptionKeySecretRef.name',
        message: '"Master_Key" is not a Kubernetes name (lowercase letters, digits, "-" and ".", starting and ending with a letter or digit)',
        fix: 'write it in that form, e.g. name: master-key',
      },
    ]);
  });

  it('refuses an inline secret key, saying to use a secret reference', () => {
    expect(problemsOf(validateClusterPair(tandemClusterPair({ objectStore: s3Store({ secretAccessKey: 'wJalrXUtnFEMI', credentialsSecretRef: undefined }) })))).toEqual([
      {
        path: 'spec.objectStore.secretAccessKey',
        message: 'inline credentials are not accepted: secretAccessKey would hold a secret key in the resource itself',
        fix: 'store it in a Kubernetes Secret (kubectl create secret generic <secret> --from-literal=secretAccessKey=...) and reference the Secret with spec.objectStore.credentialsSecretRef: {name: <secret>}',
      },
    ]);
  });

  it('refuses an inline token or kubeconfig for the destination', () => {
    const pair = tandemClusterPair({ destination: { endpoints: ['https://tandem.dr'], token: 'abc', kubeconfig: 'apiVersion: v1' } });
    expect(problemsOf(validateClusterPair(pair)).map((p) => [p.path, p.fix])).toEqual([
      ['spec.destination.token', 'store it in a Kubernetes Secret (kubectl create secret generic <secret> --from-literal=token=...) and reference the Secret with spec.destination.credentialsSecretRef: {name: <secret>}'],
      ['spec.destination.kubeconfig', 'store it in a Kubernetes Secret (kubectl create secret generic <secret> --from-literal=kubeconfig=...) and reference the Secret with spec.destination.kubeconfigSecretRef: {name: <secret>, key: kubeconfig}'],
    ]);
  });

  it('refuses an inline secret key hidden in the options too', () => {
    expect(problemsOf(validateClusterPair(tandemClusterPair({ options: { password: 'hunter2' } }))).map((p) => p.path)).toEqual(['spec.options.password']);
  });

  it('refuses Stork\'s inline kubeconfig under tandem.dev', () => {
    expect(problemsOf(validateClusterPair(tandemClusterPair({ config: { clusters: {} } })))).toEqual([
      {
        path: 'spec.config',
        message: 'spec.config is Stork\'s inline kubeconfig, which carries credentials in the resource',
        fix: 'store the kubeconfig in a Secret and reference it with spec.destination.kubeconfigSecretRef: {name: <secret>, key: kubeconfig}, or write the pair with apiVersion: stork.libopenstorage.org/v1alpha1',
      },
    ]);
  });

  it('reports every problem of the store and destination at once', () => {
    const pair = tandemClusterPair({
      mode: 'async',
      destination: { endpoints: ['tandem.dr-site:8443'], credentialsSecretRef: { name: 'API_Token' } },
      objectStore: { type: 's3', bucket: 'Tandem_DR', path: '/srv', credentialsSecretRef: { name: 'tandem-dr-s3', keys: 'x' } },
    });
    expect(problemsOf(validateClusterPair(pair))).toEqual([
      { path: 'spec.destination.endpoints[0]', message: '"tandem.dr-site:8443" is not an http:// or https:// URL', fix: 'write it like https://tandem.dr-site.example.com' },
      {
        path: 'spec.destination.credentialsSecretRef.name',
        message: '"API_Token" is not a Kubernetes name (lowercase letters, digits, "-" and ".", starting and ending with a letter or digit)',
        fix: 'write it in that form, e.g. name: api-token',
      },
      { path: 'spec.objectStore.credentialsSecretRef.keys', message: 'unknown field "keys"', fix: 'did you mean key? (the fields here are name, namespace, key)' },
      { path: 'spec.objectStore.region', message: 'an s3 object store needs region', fix: 'add region: us-east-1' },
      { path: 'spec.objectStore.path', message: 'an s3 object store has no path', fix: 'remove it (an s3 store takes bucket, endpoint, region, prefix, forcePathStyle, credentialsSecretRef, encryptionKeySecretRef)' },
      { path: 'spec.objectStore.bucket', message: '"Tandem_DR" is not an S3 bucket name (3 to 63 lowercase letters, digits, "." and "-")', fix: 'rename it, e.g. bucket: tandem-dr' },
    ]);
  });

  it('holds mode to what the object store says', () => {
    expect(problemsOf(validateClusterPair(tandemClusterPair({ mode: 'async' })))).toEqual([
      { path: 'spec.objectStore', message: 'an async pair needs an object store to carry the volumes', fix: 'add spec.objectStore (type, bucket, …), or write mode: sync for a metro pair' },
    ]);
    expect(problemsOf(validateClusterPair(tandemClusterPair({ mode: 'sync', objectStore: s3Store() })))).toEqual([
      { path: 'spec.mode', message: 'a sync (metro) pair moves no volume data, yet an object store is given', fix: 'remove spec.objectStore, or write mode: async' },
    ]);
  });

  it('needs the destination\'s endpoints', () => {
    expect(problemsOf(validateClusterPair(tandemClusterPair({ destination: {} })))).toEqual([
      { path: 'spec.destination.endpoints', message: 'required field is missing', fix: 'add endpoints: [https://tandem.dr-site.example.com]' },
    ]);
  });
});
