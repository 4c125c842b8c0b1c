import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { keyEncryptionKey, masterKeyId } from './master-key';

/**
 * The per-repository secrets: `dataKey` encrypts chunks and manifests (AES-256-GCM), `idKey` keys the chunk
 * hash (HMAC-SHA-256), so the store sees neither plaintext nor plaintext hashes. Both are random and never
 * leave the process unwrapped.
 */
export interface RepositoryKeys {
  readonly dataKey: Buffer;
  readonly idKey: Buffer;
}

/** The repository keys as stored in `config`, wrapped under one master key. */
export interface WrappedKeys {
  /** `masterKeyId` of the master key that wraps them. */
  readonly keyId: string;
  readonly kdf: 'HKDF-SHA-256';
  readonly wrap: 'AES-256-GCM';
  /** base64 of nonce (12) ‖ ciphertext (64) ‖ tag (16). */
  readonly wrapped: string;
  readonly createdAt: string;
}

export function generateRepositoryKeys(): RepositoryKeys {
  return { dataKey: randomBytes(32), idKey: randomBytes(32) };
}

function aad(repositoryId: string, keyId: string): Buffer {
  return Buffer.from(`tandem-repository-keys-v1:${repositoryId}:${keyId}`, 'utf8');
}

export function wrapKeys(keys: RepositoryKeys, masterKey: Uint8Array, repositoryId: string, now = new Date()): WrappedKeys {
  const keyId = masterKeyId(masterKey);
  const nonce = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', keyEncryptionKey(masterKey, repositoryId), nonce);
  cipher.setAAD(aad(repositoryId, keyId));
  const body = Buffer.concat([cipher.update(Buffer.concat([keys.dataKey, keys.idKey])), cipher.final()]);
  return {
    keyId,
    kdf: 'HKDF-SHA-256',
    wrap: 'AES-256-GCM',
    wrapped: Buffer.concat([nonce, body, cipher.getAuthTag()]).toString('base64'),
    createdAt: now.toISOString(),
  };
}

/** The keys, or undefined when this master key does not unwrap them (wrong key, or altered config). */
export function unwrapKeys(wrapped: WrappedKeys, masterKey: Uint8Array, repositoryId: string): RepositoryKeys | undefined {
  const raw = Buffer.from(wrapped.wrapped, 'base64');
  if (raw.length !== 12 + 64 + 16) return undefined;
  try {
    const decipher = createDecipheriv('aes-256-gcm', keyEncryptionKey(masterKey, repositoryId), raw.subarray(0, 12));
    decipher.setAAD(aad(repositoryId, wrapped.keyId));
    decipher.setAuthTag(raw.subarray(raw.length - 16));
    const plain = Buffer.concat([decipher.update(raw.subarray(12, raw.length - 16)), decipher.final()]);
    return { dataKey: plain.subarray(0, 32), idKey: plain.subarray(32, 64) };
  } catch {
    return undefined;
  }
}
