import { openObject, OpenFailure, sealObject } from '../crypto/sealed-object.codec';

/**
 * A pack file, `packs/<2 hex>/<pack id>`:
 *
 * | bytes | content |
 * | --- | --- |
 * | 0–3 | magic `TDP1` |
 * | 4… | the chunks' sealed envelopes (`TDM1`, kind `C`, each bound to its chunk id), back to back |
 * | … | the trailer: a sealed envelope (kind `P`, bound to the pack's key) of the entry list below |
 * | n-8…n-5 | the trailer's length in bytes (uint32, little-endian) |
 * | n-4…n-1 | magic `TDP1` |
 *
 * Entry list: uint32 count, then per chunk 44 bytes: the 32-byte chunk id, the envelope's offset and length in
 * the pack, the chunk's plaintext size (uint32 each, little-endian). The trailer makes a pack self-describing:
 * the repository index can be rebuilt from the packs alone, and a backup that was killed after writing a pack
 * but before indexing it finds the pack's chunks by reading its trailer.
 */
export interface PackEntry {
  readonly id: string;
  readonly offset: number;
  readonly length: number;
  readonly size: number;
}

export const PACK_MAGIC = Buffer.from('TDP1', 'ascii');
export const PACK_HEADER_BYTES = 4;
export const PACK_FOOTER_BYTES = 8;
export const ENTRY_BYTES = 44;

/** The entry list as bytes (also the per-pack body of an index segment). */
export function encodeEntries(entries: readonly PackEntry[]): Buffer {
  const out = Buffer.allocUnsafe(4 + entries.length * ENTRY_BYTES);
  out.writeUInt32LE(entries.length, 0);
  entries.forEach((e, i) => writeEntry(out, 4 + i * ENTRY_BYTES, e));
  return out;
}

export function writeEntry(out: Buffer, at: number, e: PackEntry): void {
  if (out.write(e.id, at, 32, 'hex') !== 32) throw new RangeError(`not a chunk id: "${e.id}"`);
  out.writeUInt32LE(e.offset, at + 32);
  out.writeUInt32LE(e.length, at + 36);
  out.writeUInt32LE(e.size, at + 40);
}

export function readEntry(buf: Buffer, at: number): PackEntry {
  return {
    id: buf.toString('hex', at, at + 32),
    offset: buf.readUInt32LE(at + 32),
    length: buf.readUInt32LE(at + 36),
    size: buf.readUInt32LE(at + 40),
  };
}

/** Decodes an entry list; `blobEnd` bounds the envelopes (they lie between the header and the trailer). */
export function decodeEntries(buf: Buffer, blobEnd: number): PackEntry[] {
  if (buf.length < 4) throw new OpenFailure('the entry list is empty');
  const count = buf.readUInt32LE(0);
  if (buf.length !== 4 + count * ENTRY_BYTES) throw new OpenFailure(`the entry list says ${count} entries but has ${buf.length} bytes`);
  const entries: PackEntry[] = [];
  for (let i = 0; i < count; i++) {
    const e = readEntry(buf, 4 + i * ENTRY_BYTES);
    if (e.offset < PACK_HEADER_BYTES || e.offset + e.length > blobEnd) throw new OpenFailure(`entry ${i} lies outside the pack's chunks`);
    entries.push(e);
  }
  return entries;
}

/** The trailer and footer that close a pack whose chunks are `entries`. */
export async function packTail(entries: readonly PackEntry[], dataKey: Uint8Array, key: string): Promise<Buffer> {
  const { blob } = await sealObject(encodeEntries(entries), { key: dataKey, kind: 'P', context: key, compressionLevel: 0, minSavings: 0 });
  const footer = Buffer.allocUnsafe(PACK_FOOTER_BYTES);
  footer.writeUInt32LE(blob.length, 0);
  PACK_MAGIC.copy(footer, 4);
  return Buffer.concat([blob, footer]);
}

/** The trailer's length, from the last 8 bytes of a pack. */
export function trailerLength(footer: Uint8Array, packSize: number): number {
  const buf = Buffer.from(footer.buffer, footer.byteOffset, footer.byteLength);
  if (buf.length < PACK_FOOTER_BYTES || !buf.subarray(buf.length - 4).equals(PACK_MAGIC)) throw new OpenFailure('it does not end with the TDP1 pack magic');
  const length = buf.readUInt32LE(buf.length - PACK_FOOTER_BYTES);
  if (length + PACK_HEADER_BYTES + PACK_FOOTER_BYTES > packSize) throw new OpenFailure(`its trailer length ${length} does not fit in its ${packSize} bytes`);
  return length;
}

/** Authenticates and decodes a pack's trailer. */
export async function openTrailer(trailer: Uint8Array, dataKey: Uint8Array, key: string, packSize: number): Promise<PackEntry[]> {
  const plain = await openObject(trailer, { key: dataKey, kind: 'P', context: key });
  return decodeEntries(plain, packSize - PACK_FOOTER_BYTES - trailer.length);
}
