import { createHmac } from 'node:crypto';
import { ChunkerParams, validateChunkerParams } from '../chunking/chunker-params';
import { WrappedKeys } from '../crypto/repository-keys';
import { CorruptObjectError, UnsupportedFormatError } from '../datamover.errors';
import { CONFIG_KEY } from './repository-layout';

/** 2: chunks live in pack files found through an index (1 kept one object per chunk). */
export const REPOSITORY_FORMAT_VERSION = 2 as const;

/**
 * The `config` object, plain JSON: everything a reader needs to open the repository. `mac` (HMAC-SHA-256 under
 * the repository's id key) covers the fields that change how data is read or written, so altering them is
 * detected once the keys are unwrapped; `keys` authenticate themselves (AES-GCM).
 */
export interface RepositoryConfig {
  readonly format: 'tandem-repository';
  readonly version: typeof REPOSITORY_FORMAT_VERSION;
  readonly repositoryId: string;
  readonly createdAt: string;
  readonly chunker: ChunkerParams;
  readonly chunkId: 'HMAC-SHA-256';
  readonly encryption: 'AES-256-GCM';
  readonly compression: 'zstd';
  /** The repository keys wrapped by the current master key. */
  readonly keys: WrappedKeys;
  /** Ids of master keys that wrapped the keys before, oldest first, with when they were retired. */
  readonly retiredKeys: ReadonlyArray<{ readonly keyId: string; readonly retiredAt: string }>;
  readonly mac: string;
}

type Covered = Pick<RepositoryConfig, 'format' | 'version' | 'repositoryId' | 'createdAt' | 'chunker' | 'chunkId' | 'encryption' | 'compression'>;

export function configMac(config: Covered, idKey: Uint8Array): string {
  const covered: Covered = {
    format: config.format,
    version: config.version,
    repositoryId: config.repositoryId,
    createdAt: config.createdAt,
    chunker: { algorithm: config.chunker.algorithm, minSize: config.chunker.minSize, avgSize: config.chunker.avgSize, maxSize: config.chunker.maxSize },
    chunkId: config.chunkId,
    encryption: config.encryption,
    compression: config.compression,
  };
  return createHmac('sha256', idKey).update(`tandem-config-v1\n${JSON.stringify(covered)}`).digest('base64');
}

export function encodeConfig(config: RepositoryConfig): Buffer {
  return Buffer.from(`${JSON.stringify(config, null, 2)}\n`, 'utf8');
}

/**
 * Parses and checks the shape of `config`; cryptographic checks happen when it is opened. `location` names the
 * store in the error for a repository of another format version.
 */
export function decodeConfig(bytes: Uint8Array, location: string): RepositoryConfig {
  let raw: unknown;
  try {
    raw = JSON.parse(Buffer.from(bytes).toString('utf8'));
  } catch (err) {
    throw new CorruptObjectError(CONFIG_KEY, 'it is not JSON', err);
  }
  const c = raw as Partial<RepositoryConfig> | null;
  if (!c || typeof c !== 'object' || c.format !== 'tandem-repository') throw new CorruptObjectError(CONFIG_KEY, 'it is not a Tandem repository config');
  if (c.version !== REPOSITORY_FORMAT_VERSION) throw new UnsupportedFormatError(location, c.version, REPOSITORY_FORMAT_VERSION);
  const k = c.keys;
  if (typeof c.repositoryId !== 'string' || typeof c.mac !== 'string' || !k || typeof k.keyId !== 'string' || typeof k.wrapped !== 'string') {
    throw new CorruptObjectError(CONFIG_KEY, 'fields are missing');
  }
  if (c.chunkId !== 'HMAC-SHA-256' || c.encryption !== 'AES-256-GCM' || c.compression !== 'zstd') {
    throw new CorruptObjectError(CONFIG_KEY, 'unknown chunk id, encryption or compression algorithm');
  }
  try {
    validateChunkerParams(c.chunker as ChunkerParams);
  } catch (err) {
    throw new CorruptObjectError(CONFIG_KEY, (err as Error).message, err);
  }
  return { ...(c as RepositoryConfig), retiredKeys: Array.isArray(c.retiredKeys) ? c.retiredKeys : [] };
}
