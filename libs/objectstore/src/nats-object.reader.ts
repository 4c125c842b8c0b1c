import type { ObjectResult } from '@nats-io/obj';

/**
 * Reads a whole object from the obj client's stream. The client verifies the SHA-256 at the end and errors the
 * stream on a mismatch. A read that stalls (the server went away mid-object) is cancelled after `idleTimeoutMs`
 * without a chunk, with a retryable timeout, instead of hanging.
 */
export async function readObjectData(result: ObjectResult, key: string, idleTimeoutMs: number): Promise<Uint8Array> {
  const failed = result.error.catch((error: unknown) => error); // observed here, so never an unhandled rejection
  const reader = result.data.getReader();
  const parts: Uint8Array[] = [];
  let size = 0;
  try {
    for (;;) {
      const { done, value } = await withIdleTimeout(reader.read(), idleTimeoutMs, key, size);
      if (done) break;
      parts.push(value);
      size += value.length;
    }
  } catch (error) {
    await reader.cancel().catch(() => undefined);
    throw error;
  }
  const error = await failed;
  if (error) throw error;
  if (size !== result.info.size) {
    throw Object.assign(new Error(`read ${size} bytes of ${key}, its metadata says ${result.info.size}`), { retryable: true });
  }
  return parts.length === 1 && parts[0] ? parts[0] : Buffer.concat(parts, size);
}

/**
 * Reads `length` bytes from `offset` of an object (fewer where it ends sooner). JetStream keeps an object as a
 * sequence of chunk messages with no index by offset, so this streams from the start, keeps the bytes of the
 * range and cancels the stream once the range is complete: a read near the end of an object costs as much as
 * reading the whole object. The whole-object SHA-256 cannot be checked on a part; the caller authenticates it.
 */
export async function readObjectRange(result: ObjectResult, key: string, offset: number, length: number, idleTimeoutMs: number): Promise<Uint8Array> {
  const failed = result.error.catch((error: unknown) => error);
  const end = Math.min(offset + length, result.info.size);
  if (end <= offset) {
    await result.data.cancel().catch(() => undefined);
    return new Uint8Array(0);
  }
  const out = Buffer.allocUnsafe(end - offset);
  const reader = result.data.getReader();
  let position = 0;
  try {
    while (position < end) {
      const { done, value } = await withIdleTimeout(reader.read(), idleTimeoutMs, key, position);
      if (done) break;
      const from = Math.max(offset, position);
      const to = Math.min(end, position + value.length);
      if (to > from) out.set(value.subarray(from - position, to - position), from - offset);
      position += value.length;
    }
  } finally {
    await reader.cancel().catch(() => undefined);
  }
  if (position < end) {
    const error = await Promise.race([failed, Promise.resolve(undefined)]);
    if (error) throw error;
    throw Object.assign(new Error(`read ${position} bytes of ${key}, its metadata says ${result.info.size}`), { retryable: true });
  }
  return out;
}

function withIdleTimeout<T>(read: Promise<T>, ms: number, key: string, received: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const stalled = new Promise<never>((_resolve, reject) => {
    timer = setTimeout(() => {
      const error = new Error(`no data of ${key} arrived for ${ms} ms (after ${received} bytes)`);
      error.name = 'TimeoutError';
      reject(error);
    }, ms);
  });
  return Promise.race([read, stalled]).finally(() => clearTimeout(timer));
}
