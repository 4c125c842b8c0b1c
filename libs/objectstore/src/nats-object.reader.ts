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
