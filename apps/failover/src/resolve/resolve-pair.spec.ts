import { parseResourceDocuments, type ClusterPair } from '@tandem/resources';
import { resolvePair, ResolveContext } from './resolve-pair';

const pair = (spec: string): ClusterPair => {
  const { resources, problems } = parseResourceDocuments(`apiVersion: tandem.dev/v1alpha1
kind: ClusterPair
metadata: {name: dr-site, namespace: appns}
spec:
${spec}`);
  expect(problems).toEqual([]);
  return resources[0] as ClusterPair;
};

const destination = `  destination:
    endpoints: [https://tandem.dr-site.example.com]
    clusterDomain: dr-site
    kubeconfigSecretRef: {name: dr-site-platform}
`;

const ctx: ResolveContext = {
  sourceDomain: 'primary',
  epochs: new Map([
    ['primary', 3],
    ['dr-site', 7],
  ]),
  secretsDir: '/var/run/secrets/tandem',
  repositoryKeyEnv: 'TANDEM_SECRET_REPOSITORY_KEY',
};

describe('resolving a cluster pair for a migration', () => {
  it('maps an s3 store to what the agents open: credentials and master key as files of mounted Secrets', () => {
    const resolved = resolvePair(
      pair(`${destination}  objectStore:
    type: s3
    bucket: tandem-dr
    endpoint: https://minio.example.com:9000
    region: us-east-1
    prefix: appns
    forcePathStyle: true
    credentialsSecretRef: {name: tandem-dr-s3, namespace: tandem-system}
    encryptionKeySecretRef: {name: dr-keys}
`),
      ctx,
    );
    expect(resolved).toEqual({
      ok: true,
      output: {
        namespace: 'appns',
        name: 'dr-site',
        mode: 'async',
        sourceDomain: 'primary',
        sourceEpoch: 3,
        destinationDomain: 'dr-site',
        destinationEpoch: 7,
        store: {
          kind: 's3',
          endpoint: 'https://minio.example.com:9000',
          region: 'us-east-1',
          bucket: 'tandem-dr',
          prefix: 'appns',
          forcePathStyle: true,
          credentialsRef: { secretFile: '/var/run/secrets/tandem/tandem-system/tandem-dr-s3/credentials' },
        },
        repository: { masterKeyRef: { secretFile: '/var/run/secrets/tandem/appns/dr-keys/master-key' } },
        destinationAccess: { namespace: 'appns', name: 'dr-site-platform' },
      },
    });
  });

  it("takes the master key from the agents' environment when the pair names no Secret for it", () => {
    const resolved = resolvePair(pair(`${destination}  objectStore: {type: filesystem, path: /srv/tandem}\n`), ctx);
    expect(resolved.ok && [resolved.output.store, resolved.output.repository]).toEqual([{ kind: 'fs', path: '/srv/tandem' }, { masterKeyRef: { env: 'TANDEM_SECRET_REPOSITORY_KEY' } }]);
    const nats = resolvePair(pair(`${destination}  objectStore: {type: nats, bucket: tandem_dr, encryptionKeySecretRef: {name: keys, namespace: ops, key: k1}}\n`), ctx);
    expect(nats.ok && [nats.output.store, nats.output.repository]).toEqual([{ kind: 'nats', bucket: 'tandem_dr' }, { masterKeyRef: { secretFile: '/var/run/secrets/tandem/ops/keys/k1' } }]);
  });

  it('gives a metro pair neither store nor repository, and a key of the access Secret when named', () => {
    const resolved = resolvePair(pair(destination.replace('{name: dr-site-platform}', '{name: dr-kube, namespace: ops, key: config}')), ctx);
    expect(resolved).toEqual({ ok: true, output: expect.objectContaining({ mode: 'sync', destinationAccess: { namespace: 'ops', name: 'dr-kube', key: 'config' } }) });
    expect(resolved.ok && 'store' in resolved.output).toBe(false);
  });

  it('refuses, for good, what a person must fix: no cluster domain, no access Secret, an s3 store without credentials', () => {
    expect(resolvePair(pair(destination.replace('    clusterDomain: dr-site\n', '')), ctx)).toEqual({
      ok: false,
      retryable: false,
      reason: expect.stringContaining('set spec.destination.clusterDomain'),
    });
    expect(resolvePair(pair(destination.replace('    kubeconfigSecretRef: {name: dr-site-platform}\n', '')), ctx)).toEqual({
      ok: false,
      retryable: false,
      reason: expect.stringContaining('set spec.destination.kubeconfigSecretRef'),
    });
    expect(resolvePair(pair(`${destination}  objectStore: {type: s3, bucket: tandem-dr, region: us-east-1}\n`), ctx)).toEqual({
      ok: false,
      retryable: false,
      reason: 'ClusterPair appns/dr-site: its s3 object store names no credentials: set spec.objectStore.credentialsSecretRef to the Secret the agents read them from',
    });
  });
});
