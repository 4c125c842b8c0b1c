import { compress, decompress } from '@mongodb-js/zstd';

/**
 * Zstandard through `@mongodb-js/zstd` 1.x: a napi-rs build whose native binary ships inside npm packages
 * (optionalDependencies per platform), so it installs without downloading anything and works in worker
 * threads. Node 20 has no zstd in `node:zlib` (22.15+ has); the frames are standard, so either can read the
 * other's output. Both calls run on libuv's thread pool.
 */
export async function zstdCompress(data: Uint8Array, level: number): Promise<Buffer> {
  return compress(asBuffer(data), level);
}

export async function zstdDecompress(data: Uint8Array): Promise<Buffer> {
  return decompress(asBuffer(data));
}

function asBuffer(data: Uint8Array): Buffer {
  return Buffer.isBuffer(data) ? data : Buffer.from(data.buffer, data.byteOffset, data.byteLength);
}
