import { openObject, OpenFailure, sealObject } from '../crypto/sealed-object.codec';
import { CorruptObjectError } from '../datamover.errors';
import { ENTRY_BYTES, PackEntry, readEntry, writeEntry } from '../pack/pack-format';

/**
 * An index segment, `index/<segment id>`: which chunks are where, for some packs. Sealed (kind `I`, bound to its
 * key), zstd-compressed where that pays. Plaintext: magic `TDX1`, uint32 pack count, then per pack its 16-byte
 * id, uint32 entry count and the entries in the pack trailer's 44-byte form (id, offset, length, size).
 * Segments are written after their packs and before any manifest that needs them; the index is the union of
 * all segments (a pack listed twice is the same pack).
 */
export interface SegmentPack {
  readonly id: string;
  /** The pack's entries, ENTRY_BYTES each. */
  readonly records: Buffer;
}

const MAGIC = Buffer.from('TDX1', 'ascii');

export function packRecords(entries: readonly PackEntry[]): Buffer {
  const out = Buffer.allocUnsafe(entries.length * ENTRY_BYTES);
  entries.forEach((e, i) => writeEntry(out, i * ENTRY_BYTES, e));
  return out;
}

export function recordCount(records: Buffer): number {
  return records.length / ENTRY_BYTES;
}

export function recordAt(records: Buffer, i: number): PackEntry {
  return readEntry(records, i * ENTRY_BYTES);
}

export async function encodeSegment(packs: readonly SegmentPack[], dataKey: Uint8Array, key: string): Promise<Buffer> {
  const parts: Buffer[] = [MAGIC, u32(packs.length)];
  for (const p of packs) parts.push(Buffer.from(p.id, 'hex'), u32(recordCount(p.records)), p.records);
  const { blob } = await sealObject(Buffer.concat(parts), { key: dataKey, kind: 'I', context: key, compressionLevel: 3, minSavings: 0.05 });
  return blob;
}

export async function decodeSegment(blob: Uint8Array, dataKey: Uint8Array, key: string): Promise<SegmentPack[]> {
  let plain: Buffer;
  try {
    plain = await openObject(blob, { key: dataKey, kind: 'I', context: key });
  } catch (err) {
    if (err instanceof OpenFailure) {
      throw new CorruptObjectError(key, `the index segment cannot be opened: ${err.message}; rebuildIndex({ full: true }) rebuilds the index from the packs`, err);
    }
    throw err;
  }
  const bad = (problem: string): never => {
    throw new CorruptObjectError(key, `the index segment is malformed: ${problem}; rebuildIndex({ full: true }) rebuilds the index from the packs`);
  };
  if (plain.length < 8 || !plain.subarray(0, 4).equals(MAGIC)) bad('no TDX1 magic');
  const count = plain.readUInt32LE(4);
  const packs: SegmentPack[] = [];
  let at = 8;
  for (let i = 0; i < count; i++) {
    if (at + 20 > plain.length) bad(`pack ${i} of ${count} is cut off`);
    const id = plain.toString('hex', at, at + 16);
    const n = plain.readUInt32LE(at + 16);
    const end = at + 20 + n * ENTRY_BYTES;
    if (end > plain.length) bad(`the entries of pack ${id} are cut off`);
    packs.push({ id, records: plain.subarray(at + 20, end) });
    at = end;
  }
  if (at !== plain.length) bad(`${plain.length - at} bytes follow the last pack`);
  return packs;
}

function u32(n: number): Buffer {
  const b = Buffer.allocUnsafe(4);
  b.writeUInt32LE(n, 0);
  return b;
}
