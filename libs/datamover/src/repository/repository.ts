import { randomUUID, timingSafeEqual } from 'node:crypto';
import { ObjectNotFoundError, ObjectStore } from '@tandem/objectstore';
import { ChunkerParams, chunkerParams } from '../chunking/chunker-params';
import { assertMasterKey, masterKeyId } from '../crypto/master-key';
import { generateRepositoryKeys, RepositoryKeys, unwrapKeys, wrapKeys } from '../crypto/repository-keys';
import { CorruptObjectError, RepositoryNotFoundError, WrongMasterKeyError } from '../datamover.errors';
import { configMac, decodeConfig, encodeConfig, REPOSITORY_FORMAT_VERSION, RepositoryConfig } from './repository-config';
import { CONFIG_KEY } from './repository-layout';

/** An opened repository: its config and unwrapped keys. Hold it only as long as the operation needs it. */
export interface Repository {
  readonly store: ObjectStore;
  readonly config: RepositoryConfig;
  readonly keys: RepositoryKeys;
}

export interface InitRepositoryOptions {
  /** Chunker sizes for a new repository (defaults 64 KiB / 256 KiB / 1 MiB); ignored if it exists. */
  chunker?: Partial<Omit<ChunkerParams, 'algorithm'>>;
}

/** Reads `config` and unwraps its keys with the master key; a wrong key fails with `WrongMasterKeyError`. */
export async function openRepository(store: ObjectStore, masterKey: Uint8Array): Promise<Repository> {
  assertMasterKey(masterKey);
  let bytes: Uint8Array;
  try {
    bytes = await store.get(CONFIG_KEY);
  } catch (err) {
    if (err instanceof ObjectNotFoundError) throw new RepositoryNotFoundError(store.location);
    throw err;
  }
  const config = decodeConfig(bytes, store.location);
  const keys = unwrapKeys(config.keys, masterKey, config.repositoryId);
  const givenId = masterKeyId(masterKey);
  if (!keys) {
    const retired = config.retiredKeys.find((k) => k.keyId === givenId);
    const error = new WrongMasterKeyError(config.keys.keyId, givenId);
    if (retired) error.message += `; that key was retired on ${retired.retiredAt} by a key rotation`;
    throw error;
  }
  const expected = Buffer.from(configMac(config, keys.idKey), 'base64');
  const actual = Buffer.from(config.mac, 'base64');
  if (expected.length !== actual.length || !timingSafeEqual(expected, actual)) {
    throw new CorruptObjectError(CONFIG_KEY, 'its authentication code does not match (the config was altered)');
  }
  return { store, config, keys };
}

/**
 * Creates the repository if the store has none (`config` written with ifAbsent, so two agents racing to create
 * it end up with the same one), then opens it.
 */
export async function initRepository(store: ObjectStore, masterKey: Uint8Array, opts: InitRepositoryOptions = {}): Promise<Repository> {
  assertMasterKey(masterKey);
  if (!(await store.head(CONFIG_KEY))) {
    const keys = generateRepositoryKeys();
    const repositoryId = randomUUID();
    const now = new Date();
    const base = {
      format: 'tandem-repository' as const,
      version: REPOSITORY_FORMAT_VERSION,
      repositoryId,
      createdAt: now.toISOString(),
      chunker: chunkerParams(opts.chunker),
      chunkId: 'HMAC-SHA-256' as const,
      encryption: 'AES-256-GCM' as const,
      compression: 'zstd' as const,
    };
    const config: RepositoryConfig = {
      ...base,
      keys: wrapKeys(keys, masterKey, repositoryId, now),
      retiredKeys: [],
      mac: configMac(base, keys.idKey),
    };
    await store.put(CONFIG_KEY, encodeConfig(config), { ifAbsent: true });
  }
  return openRepository(store, masterKey);
}

/**
 * Re-wraps the repository keys under a new master key. The data itself is not touched (its data key stays),
 * so this is instant; afterwards only the new master key opens the repository, and the old key's id is kept
 * in `retiredKeys` so that an agent still using it gets an error that says so. Run it once, then update the
 * Secret everywhere. Returns the ids of both keys.
 */
export async function rotateMasterKey(
  store: ObjectStore,
  oldKey: Uint8Array,
  newKey: Uint8Array,
): Promise<{ previousKeyId: string; keyId: string }> {
  assertMasterKey(newKey);
  const repo = await openRepository(store, oldKey);
  const keyId = masterKeyId(newKey);
  if (keyId === repo.config.keys.keyId) return { previousKeyId: keyId, keyId };
  const now = new Date();
  const rotated: RepositoryConfig = {
    ...repo.config,
    keys: wrapKeys(repo.keys, newKey, repo.config.repositoryId, now),
    retiredKeys: [...repo.config.retiredKeys, { keyId: repo.config.keys.keyId, retiredAt: now.toISOString() }],
  };
  // Prove the new wrapping opens before replacing the only copy of the keys.
  if (!unwrapKeys(rotated.keys, newKey, rotated.repositoryId)?.dataKey.equals(repo.keys.dataKey)) {
    throw new Error('key rotation self-check failed: the new wrapping does not unwrap to the same keys');
  }
  await store.put(CONFIG_KEY, encodeConfig(rotated));
  return { previousKeyId: repo.config.keys.keyId, keyId };
}
