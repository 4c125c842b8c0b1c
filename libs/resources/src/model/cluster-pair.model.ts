import { ResourceBase } from './resource-meta.model';

/** `async`: volumes travel through an object store on a schedule. `sync` (metro): storage is stretched, no object store. */
export type ReplicationMode = 'async' | 'sync';

/** A key of a Kubernetes Secret (or the whole Secret when `key` is absent). Credentials are only ever referenced. */
export interface SecretRef {
  name: string;
  /** Defaults to the namespace of the resource that holds the reference. */
  namespace?: string;
  key?: string;
}

export const OBJECT_STORE_TYPES = ['s3', 'nats', 'filesystem'] as const;
export type ObjectStoreType = (typeof OBJECT_STORE_TYPES)[number];

/** Where the pair's recovery points are written and read: never inline credentials, a secret reference. */
export interface ObjectStoreRef {
  type: ObjectStoreType;
  /** s3 and nats: the bucket. */
  bucket?: string;
  /** s3: an S3-compatible endpoint (absent = AWS). */
  endpoint?: string;
  /** s3: the region (MinIO and most compatible stores accept `us-east-1`). */
  region?: string;
  /** s3 and nats: a prefix inside the bucket. */
  prefix?: string;
  /** filesystem: an absolute directory shared by both sites. */
  path?: string;
  /** s3: path-style addressing (MinIO). */
  forcePathStyle?: boolean;
  /** s3 and nats: the Secret holding the credentials. Absent = the agent's own identity (IAM role, NATS connection). */
  credentialsSecretRef?: SecretRef;
  /**
   * The Secret holding the repository's master key (32 bytes, base64; key `master-key` by default). Absent = the
   * agents read it from their environment.
   */
  encryptionKeySecretRef?: SecretRef;
}

/** Stork's `spec.config`: the destination's kubeconfig, kept as written, with the server it points at. */
export interface StorkKubeconfig {
  currentContext: string;
  /** The API server of the current context's cluster. */
  server: string;
  /** The config exactly as written (client-go's `api.Config`: clusters, users and contexts keyed by name). */
  config: Record<string, unknown>;
}

export interface ClusterPairDestination {
  /** URLs of the destination's Tandem API; empty only for a Stork pair that reaches the destination through its kubeconfig. */
  endpoints: string[];
  /** The Secret holding the credentials for the destination's Tandem API. */
  credentialsSecretRef?: SecretRef;
  /** The destination's cluster domain, e.g. `dr-site`. */
  clusterDomain?: string;
  /** The Secret holding a kubeconfig for the destination's platform API (Tandem's form). */
  kubeconfigSecretRef?: SecretRef;
  /** The kubeconfig written inline in a Stork pair's `spec.config` (Stork's form; it carries credentials inline). */
  kubeconfig?: StorkKubeconfig;
}

export interface ClusterPair extends ResourceBase<'ClusterPair'> {
  /** `async` when the pair has an object store, `sync` (metro) when it has none. */
  mode: ReplicationMode;
  destination: ClusterPairDestination;
  objectStore?: ObjectStoreRef;
  /** Storage-driver options Tandem keeps but does not use (Portworx `ip`, `port`, `token`, `mode`, `backuplocation`, …). */
  options: Record<string, string>;
}
