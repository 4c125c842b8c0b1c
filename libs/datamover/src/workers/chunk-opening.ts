import { chunkId } from '../crypto/chunk-id';
import { openObject, OpenFailure } from '../crypto/sealed-object.codec';
import type { BatchItem } from './worker-protocol';

/**
 * Opens one sealed chunk that lies in `blob` and checks it: it must decrypt (AES-GCM, bound to its id), have its
 * size and hash to its id. Answers its plaintext, or what is wrong with it.
 */
export async function openChunk(blob: Uint8Array, item: BatchItem, keys: { dataKey: Buffer; idKey: Buffer }): Promise<Buffer | string> {
  if (item.offset + item.length > blob.length) return `the pack ends before the chunk (${blob.length} bytes read, the chunk needs ${item.offset + item.length})`;
  let data: Buffer;
  try {
    data = await openObject(blob.subarray(item.offset, item.offset + item.length), { key: keys.dataKey, kind: 'C', context: item.id });
  } catch (err) {
    if (err instanceof OpenFailure) return err.message;
    throw err;
  }
  if (data.length !== item.size) return `it is ${data.length} bytes instead of ${item.size}`;
  if (chunkId(keys.idKey, data) !== item.id) return 'its content does not hash to its id';
  return data;
}
