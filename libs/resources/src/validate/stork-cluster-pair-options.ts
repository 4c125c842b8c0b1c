/**
 * The Stork ClusterPair options Tandem reads. Stork keeps `spec.options` as a map of strings for the storage
 * driver, so Tandem's settings travel there under these keys; every other option is kept as written.
 */
export const STORK_PAIR_OPTIONS = {
  tandemEndpoints: 'tandemEndpoints',
  tandemCredentialsSecret: 'tandemCredentialsSecret',
  tandemKubeconfigSecret: 'tandemKubeconfigSecret',
  clusterDomain: 'clusterDomain',
  objectStoreType: 'objectStoreType',
  objectStoreBucket: 'objectStoreBucket',
  objectStoreEndpoint: 'objectStoreEndpoint',
  objectStoreRegion: 'objectStoreRegion',
  objectStorePrefix: 'objectStorePrefix',
  objectStorePath: 'objectStorePath',
  objectStoreForcePathStyle: 'objectStoreForcePathStyle',
  objectStoreCredentialsSecret: 'objectStoreCredentialsSecret',
  objectStoreEncryptionKeySecret: 'objectStoreEncryptionKeySecret',
} as const;

/** Object store field → its option key. */
export const OBJECT_STORE_OPTION = {
  type: STORK_PAIR_OPTIONS.objectStoreType,
  bucket: STORK_PAIR_OPTIONS.objectStoreBucket,
  endpoint: STORK_PAIR_OPTIONS.objectStoreEndpoint,
  region: STORK_PAIR_OPTIONS.objectStoreRegion,
  prefix: STORK_PAIR_OPTIONS.objectStorePrefix,
  path: STORK_PAIR_OPTIONS.objectStorePath,
  forcePathStyle: STORK_PAIR_OPTIONS.objectStoreForcePathStyle,
  credentialsSecretRef: STORK_PAIR_OPTIONS.objectStoreCredentialsSecret,
  encryptionKeySecretRef: STORK_PAIR_OPTIONS.objectStoreEncryptionKeySecret,
} as const;

export const TANDEM_OPTION_KEYS: readonly string[] = Object.values(STORK_PAIR_OPTIONS);
