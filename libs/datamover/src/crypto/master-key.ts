import { hkdfSync } from 'node:crypto';

/** Master keys are 32 random bytes, given base64-encoded (e.g. `openssl rand -base64 32` in a Secret). */
export const MASTER_KEY_BYTES = 32;

/** Decodes a base64 master key as read from a Secret or the environment, refusing anything but 32 bytes. */
export function parseMasterKey(base64: string): Buffer {
  const text = base64.trim();
  if (!/^[A-Za-z0-9+/]+={0,2}$/.test(text) && !/^[A-Za-z0-9_-]+={0,2}$/.test(text)) {
    throw new RangeError('the master key is not base64 text; generate one with `openssl rand -base64 32`');
  }
  const bytes = Buffer.from(text, text.includes('-') || text.includes('_') ? 'base64url' : 'base64');
  if (bytes.length !== MASTER_KEY_BYTES) {
    throw new RangeError(`the master key must be ${MASTER_KEY_BYTES} bytes (base64 of 32 random bytes), it has ${bytes.length}`);
  }
  return bytes;
}

export function assertMasterKey(key: Uint8Array): void {
  if (key.length !== MASTER_KEY_BYTES) throw new RangeError(`a master key is ${MASTER_KEY_BYTES} bytes, not ${key.length}`);
}

/**
 * A short public fingerprint of a master key (16 hex digits), kept in the repository config beside the keys
 * it wraps, so that errors and audits can say which master key a repository expects without revealing it.
 */
export function masterKeyId(masterKey: Uint8Array): string {
  assertMasterKey(masterKey);
  return Buffer.from(hkdfSync('sha256', masterKey, Buffer.alloc(0), 'tandem master key id v1', 8)).toString('hex');
}

/** The key-encryption key derived from a master key for one repository (so no two repositories share one). */
export function keyEncryptionKey(masterKey: Uint8Array, repositoryId: string): Buffer {
  assertMasterKey(masterKey);
  return Buffer.from(hkdfSync('sha256', masterKey, Buffer.from(repositoryId, 'utf8'), 'tandem key wrapping v1', 32));
}
