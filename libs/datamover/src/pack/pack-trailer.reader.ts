import { ObjectStore } from '@tandem/objectstore';
import { OpenFailure } from '../crypto/sealed-object.codec';
import { CorruptObjectError } from '../datamover.errors';
import { openTrailer, PACK_FOOTER_BYTES, PackEntry, trailerLength } from './pack-format';

/** Most trailers fit in this much of a pack's end (a pack of 16 MiB in 4 KiB chunks has a 180 KiB trailer). */
const TAIL_GUESS = 64 * 1024;

/**
 * The chunk list of a pack, from its own trailer: one ranged read of its end (two for a long trailer). Throws
 * `CorruptObjectError` for a pack whose trailer is missing, damaged or sealed under another key.
 */
export async function readPackTrailer(store: ObjectStore, key: string, packSize: number, dataKey: Uint8Array): Promise<PackEntry[]> {
  try {
    const guess = Math.min(packSize, TAIL_GUESS);
    const tail = await store.getRange(key, packSize - guess, guess);
    if (tail.length !== guess) throw new OpenFailure(`it is ${packSize - guess + tail.length} bytes, not the ${packSize} listed`);
    const length = trailerLength(tail, packSize);
    const trailer =
      length + PACK_FOOTER_BYTES <= guess
        ? tail.subarray(guess - PACK_FOOTER_BYTES - length, guess - PACK_FOOTER_BYTES)
        : await store.getRange(key, packSize - PACK_FOOTER_BYTES - length, length);
    return await openTrailer(trailer, dataKey, key, packSize);
  } catch (err) {
    if (err instanceof OpenFailure) throw new CorruptObjectError(key, `the pack's trailer cannot be read: ${err.message}`, err);
    throw err;
  }
}
