import { constants } from 'node:fs';
import { access, stat } from 'node:fs/promises';
import { HeadBucketCommand, S3Client } from '@aws-sdk/client-s3';
import { stringify } from 'yaml';
import { type KubeObject, type Platform, platformFromSecret } from '@tandem/platform';
import type { ClusterPair, ObjectStoreRef, StorkKubeconfig } from '@tandem/resources';
import type { PairStatus } from './pair-status';
import { DEFAULT_CREDENTIALS_KEY, readS3Credentials } from './s3-credentials';
import { inNamespace, secretFile } from './secret-files';
import { describeError, withTimeout } from './with-timeout';

export interface PairCheckerOptions {
  /** Where Secrets are mounted: `<dir>/<namespace>/<secret>/<key>`. */
  secretsDir: string;
  /** Longest wait for an endpoint's /healthz, the destination's platform, the object store. */
  timeoutMs?: number;
}

/**
 * Checks that a cluster pair can be used from this site: (1) its destination access opens a platform that answers,
 * (2) every endpoint of the destination's Tandem API answers /healthz, (3) its object store can be reached. Every
 * check runs, and each that fails is named in the reason with what to do.
 */
export class PairChecker {
  private readonly timeoutMs: number;

  constructor(
    private readonly site: Platform,
    private readonly options: PairCheckerOptions,
  ) {
    this.timeoutMs = options.timeoutMs ?? 3_000;
  }

  async check(pair: ClusterPair): Promise<PairStatus> {
    const problems = await Promise.all([this.destinationAccess(pair), ...pair.destination.endpoints.map((e) => this.endpoint(e)), this.objectStore(pair)]);
    const failed = problems.filter((p): p is string => p !== undefined);
    return {
      state: failed.length ? 'NotReady' : 'Ready',
      ...(failed.length ? { reason: failed.join('; ') } : {}),
      mode: pair.mode,
      checkedAt: new Date(),
    };
  }

  /**
   * Whether the pair's destination site answers at all: any endpoint's /healthz, or its platform through the access
   * the pair gives (each within the timeout). When none does, the reason names what did not answer.
   */
  async probe(pair: ClusterPair): Promise<{ reachable: boolean; reason?: string }> {
    const problems = await Promise.all([this.destinationAccess(pair), ...pair.destination.endpoints.map((e) => this.endpoint(e))]);
    if (problems.some((p) => p === undefined)) return { reachable: true };
    return { reachable: false, reason: problems.join('; ') };
  }

  private async destinationAccess(pair: ClusterPair): Promise<string | undefined> {
    const opened = await this.openDestination(pair);
    if (!opened.ok) return opened.reason;
    await opened.platform.close().catch(() => undefined);
    return undefined;
  }

  /**
   * The destination's platform, opened through the access the pair gives and answering (within the timeout); the
   * caller closes it. When it cannot be opened, the reason names the access and what to do.
   */
  async openDestination(pair: ClusterPair): Promise<{ ok: true; platform: Platform } | { ok: false; reason: string }> {
    const namespace = pair.metadata.namespace!;
    const { kubeconfigSecretRef, kubeconfig } = pair.destination;
    let secret: KubeObject | undefined;
    let through: string;
    let key: string | undefined;
    if (kubeconfigSecretRef) {
      const ref = inNamespace(kubeconfigSecretRef, namespace);
      through = `Secret ${ref.namespace}/${ref.name} (spec.destination.kubeconfigSecretRef)`;
      try {
        secret = await withTimeout(this.site.get({ apiVersion: 'v1', kind: 'Secret', namespace: ref.namespace, name: ref.name }), this.timeoutMs, 'this site');
      } catch (error) {
        return { ok: false, reason: `cannot read ${through} on this site: ${describeError(error)}` };
      }
      if (!secret) {
        return {
          ok: false,
          reason: `${through} does not exist on this site: create it (tandemctl generate clusterpair on the destination prints it), or name the Secret that gives access to the destination's platform`,
        };
      }
      key = ref.key;
    } else if (kubeconfig) {
      through = `the kubeconfig in spec.config (server ${kubeconfig.server})`;
      secret = inlineKubeconfigSecret(pair, kubeconfig);
    } else {
      return { ok: false, reason: "the pair gives no access to the destination's platform: set spec.destination.kubeconfigSecretRef to a Secret with a kubeconfig key (or lab-url and lab-token for a lab site)" };
    }
    let platform: Platform | undefined;
    try {
      platform = await withTimeout(platformFromSecret(secret, key), this.timeoutMs, `the destination's platform`);
      await withTimeout(platform.discover(), this.timeoutMs, `the destination's platform`);
      return { ok: true, platform };
    } catch (error) {
      await platform?.close().catch(() => undefined);
      return { ok: false, reason: `the destination's platform cannot be reached through ${through}: ${describeError(error)}; check that the destination is up and that the credentials are current` };
    }
  }

  private async endpoint(endpoint: string): Promise<string | undefined> {
    const url = `${endpoint.replace(/\/+$/, '')}/healthz`;
    try {
      const res = await fetch(url, { signal: AbortSignal.timeout(this.timeoutMs) });
      await res.arrayBuffer().catch(() => undefined);
      if (res.status === 200) return undefined;
      return `endpoint ${endpoint} answered GET /healthz with ${res.status}: check the destination's failover service`;
    } catch (error) {
      const timedOut = (error as Error).name === 'TimeoutError';
      return `endpoint ${endpoint} ${timedOut ? `did not answer GET /healthz within ${this.timeoutMs / 1000} s` : `cannot be reached: ${describeError(error)}`}: check the URL in spec.destination.endpoints and that the destination's failover service is up`;
    }
  }

  private async objectStore(pair: ClusterPair): Promise<string | undefined> {
    const store = pair.objectStore;
    if (!store) return undefined; // a metro pair moves no volume data
    switch (store.type) {
      case 'filesystem':
        return this.filesystem(store.path!);
      case 'nats':
        return /^[A-Za-z0-9_-]+$/.test(store.bucket ?? '') ? undefined : `the NATS object store bucket "${store.bucket}" is not a valid bucket name: use letters, digits, "_" and "-"`;
      case 's3':
        return this.s3(store, pair.metadata.namespace!);
    }
  }

  private async filesystem(path: string): Promise<string | undefined> {
    try {
      if (!(await stat(path)).isDirectory()) return `the object store path ${path} is not a directory: point spec.objectStore.path at the directory both sites share`;
      await access(path, constants.W_OK);
      return undefined;
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      if (code === 'ENOENT') return `the object store path ${path} does not exist on this site: mount the shared directory there (or fix spec.objectStore.path)`;
      return `the object store path ${path} is not writable from this site (${code ?? describeError(error)}): give this site write access to it`;
    }
  }

  private async s3(store: ObjectStoreRef, namespace: string): Promise<string | undefined> {
    const bucket = `s3://${store.bucket}${store.endpoint ? ` at ${store.endpoint}` : ` in ${store.region}`}`;
    if (!store.credentialsSecretRef) return `the s3 object store ${bucket} names no credentials: set spec.objectStore.credentialsSecretRef to the Secret holding them`;
    const ref = inNamespace(store.credentialsSecretRef, namespace);
    const credentials = await readS3Credentials(ref, secretFile(this.options.secretsDir, ref, DEFAULT_CREDENTIALS_KEY), this.site);
    if (!credentials.ok) return credentials.reason;
    const client = new S3Client({
      region: store.region!,
      ...(store.endpoint ? { endpoint: store.endpoint } : {}),
      forcePathStyle: store.forcePathStyle ?? false,
      credentials: credentials.value,
      maxAttempts: 1,
    });
    try {
      await client.send(new HeadBucketCommand({ Bucket: store.bucket! }), { abortSignal: AbortSignal.timeout(this.timeoutMs) });
      return undefined;
    } catch (error) {
      const status = (error as { $metadata?: { httpStatusCode?: number } }).$metadata?.httpStatusCode;
      const what = status === 404 ? 'does not exist' : status === 403 ? 'refuses these credentials' : `cannot be reached: ${describeError(error)}`;
      return `the s3 object store ${bucket} ${what}: check the bucket, the endpoint and the credentials in Secret ${ref.namespace}/${ref.name}`;
    } finally {
      client.destroy();
    }
  }
}

/**
 * A Stork pair's inline kubeconfig as a Secret, so it opens like any access Secret. Stork keeps client-go's
 * `api.Config` (clusters, users and contexts keyed by name); a kubeconfig file lists them.
 */
function inlineKubeconfigSecret(pair: ClusterPair, kubeconfig: StorkKubeconfig): KubeObject {
  const config = kubeconfig.config;
  const list = (field: string, inner: string) => {
    const value = config[field];
    if (!value || typeof value !== 'object' || Array.isArray(value)) return value;
    return Object.entries(value as Record<string, unknown>).map(([name, entry]) => ({ name, [inner]: entry }));
  };
  const file = { ...config, apiVersion: 'v1', kind: 'Config', clusters: list('clusters', 'cluster'), users: list('users', 'user'), contexts: list('contexts', 'context') };
  return {
    apiVersion: 'v1',
    kind: 'Secret',
    metadata: { name: pair.metadata.name, namespace: pair.metadata.namespace! },
    stringData: { kubeconfig: stringify(file) },
  };
}
