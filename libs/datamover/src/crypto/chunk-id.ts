import { createHmac } from 'node:crypto';

/**
 * A chunk's id: HMAC-SHA-256 of its plaintext under the repository's id key, 64 hex digits. Equal content gives
 * equal ids within a repository (deduplication); the store cannot link ids to content it might guess.
 */
export function chunkId(idKey: Uint8Array, data: Uint8Array): string {
  return createHmac('sha256', idKey).update(data).digest('hex');
}

const CHUNK_ID = /^[0-9a-f]{64}$/;

export function isChunkId(value: unknown): value is string {
  return typeof value === 'string' && CHUNK_ID.test(value);
}

/** Whether every byte is zero: such chunks are restored as holes. Fast path through 8-byte words. */
export function isAllZero(data: Uint8Array): boolean {
  const aligned = data.byteOffset % 8 === 0 ? Math.floor(data.length / 8) : 0;
  if (aligned > 0) {
    const words = new BigUint64Array(data.buffer, data.byteOffset, aligned);
    for (let i = 0; i < words.length; i++) if (words[i] !== 0n) return false;
  }
  for (let i = aligned * 8; i < data.length; i++) if (data[i] !== 0) return false;
  return true;
}
