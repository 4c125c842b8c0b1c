import type { DataOf, ClusterPairResolved, RepositoryRef, StoreRef } from '@tandem/contracts';
import type { ClusterPair, ObjectStoreRef } from '@tandem/resources';
import { DEFAULT_CREDENTIALS_KEY } from '../pairs/s3-credentials';
import { inNamespace, secretFile } from '../pairs/secret-files';

export type ResolvedPair = DataOf<typeof ClusterPairResolved>['output'];
export type Resolution = { ok: true; output: ResolvedPair } | { ok: false; reason: string; retryable: boolean };

export interface ResolveContext {
  sourceDomain: string;
  epochs: ReadonlyMap<string, number>;
  /** Where agents see Secrets mounted (TANDEM_FAILOVER_AGENT_SECRETS_DIR). */
  secretsDir: string;
  /** The agents' variable holding the master key when the pair names no Secret (TANDEM_FAILOVER_REPOSITORY_KEY_ENV). */
  repositoryKeyEnv: string;
}

export const DEFAULT_MASTER_KEY_KEY = 'master-key';

/**
 * What a migration over a Ready pair needs, as the protect saga's commands carry it: the domains and their epochs,
 * the Secret that opens the destination's platform, and (async) the store and repository as the agents open them,
 * every secret a file under the agents' secrets directory or a variable of theirs.
 */
export function resolvePair(pair: ClusterPair, ctx: ResolveContext): Resolution {
  const namespace = pair.metadata.namespace!;
  const name = `ClusterPair ${namespace}/${pair.metadata.name}`;
  const fail = (reason: string): Resolution => ({ ok: false, reason: `${name}: ${reason}`, retryable: false });
  const destinationDomain = pair.destination.clusterDomain;
  if (!destinationDomain) return fail("the destination's cluster domain is not known: set spec.destination.clusterDomain (e.g. dr-site) and apply the pair again");
  if (destinationDomain === ctx.sourceDomain) {
    return fail(`the destination's cluster domain is ${destinationDomain}, this site's own: set spec.destination.clusterDomain to the destination's domain`);
  }
  const access = pair.destination.kubeconfigSecretRef;
  if (!access) {
    return fail(
      "it gives no Secret for the destination's platform (an inline kubeconfig is not passed on): store the kubeconfig in a Secret and set spec.destination.kubeconfigSecretRef (the Stork option tandemKubeconfigSecret)",
    );
  }
  let store: StoreRef | undefined;
  let repository: RepositoryRef | undefined;
  if (pair.mode === 'async') {
    if (!pair.objectStore) return fail('an async pair without an object store: add spec.objectStore');
    const mapped = storeRef(pair.objectStore, namespace, ctx.secretsDir);
    if (!mapped.ok) return fail(mapped.reason);
    store = mapped.value;
    repository = { masterKeyRef: masterKeyRef(pair.objectStore, namespace, ctx) };
  }
  return {
    ok: true,
    output: {
      namespace,
      name: pair.metadata.name,
      mode: pair.mode,
      sourceDomain: ctx.sourceDomain,
      sourceEpoch: ctx.epochs.get(ctx.sourceDomain) ?? 0,
      destinationDomain,
      destinationEpoch: ctx.epochs.get(destinationDomain) ?? 0,
      ...(store ? { store } : {}),
      ...(repository ? { repository } : {}),
      destinationAccess: { namespace: access.namespace ?? namespace, name: access.name, ...(access.key ? { key: access.key } : {}) },
    },
  };
}

function storeRef(store: ObjectStoreRef, namespace: string, secretsDir: string): { ok: true; value: StoreRef } | { ok: false; reason: string } {
  switch (store.type) {
    case 'filesystem':
      return { ok: true, value: { kind: 'fs', path: store.path! } };
    case 'nats':
      return { ok: true, value: { kind: 'nats', bucket: store.bucket! } };
    case 's3': {
      if (!store.credentialsSecretRef) {
        return { ok: false, reason: 'its s3 object store names no credentials: set spec.objectStore.credentialsSecretRef to the Secret the agents read them from' };
      }
      const ref = inNamespace(store.credentialsSecretRef, namespace);
      return {
        ok: true,
        value: {
          kind: 's3',
          ...(store.endpoint ? { endpoint: store.endpoint } : {}),
          region: store.region!,
          bucket: store.bucket!,
          ...(store.prefix ? { prefix: store.prefix } : {}),
          ...(store.forcePathStyle !== undefined ? { forcePathStyle: store.forcePathStyle } : {}),
          credentialsRef: { secretFile: secretFile(secretsDir, ref, DEFAULT_CREDENTIALS_KEY) },
        },
      };
    }
  }
}

function masterKeyRef(store: ObjectStoreRef, namespace: string, ctx: ResolveContext): RepositoryRef['masterKeyRef'] {
  if (!store.encryptionKeySecretRef) return { env: ctx.repositoryKeyEnv };
  return { secretFile: secretFile(ctx.secretsDir, inNamespace(store.encryptionKeySecretRef, namespace), DEFAULT_MASTER_KEY_KEY) };
}
