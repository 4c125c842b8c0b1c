import { closeSync, constants, fstatSync, openSync, readSync } from 'node:fs';
import { ChunkerParams } from '../chunking/chunker-params';
import { FastCdcChunker } from '../chunking/fastcdc.chunker';
import { chunkId, isAllZero } from '../crypto/chunk-id';
import { maxSealedSize, sealInto, sealObject } from '../crypto/sealed-object.codec';
import type { CutChunk, StatSnapshot } from './worker-protocol';


export interface CutResult {
  readonly chunks: CutChunk[];
  /** The sealed chunks back to back (empty unless sealing was asked for). */
  readonly sealed: Buffer;
  /** Where the next part starts: the end of the last chunk. */
  readonly next: number;
  /** The file ended with the last chunk; `after` is its stat then (for change detection). */
  readonly eof: boolean;
  readonly after?: StatSnapshot;
}

export interface CutRequest {
  readonly path: string;
  readonly params: ChunkerParams;
  /** A chunk boundary: 0, or the `next` of the previous part. */
  readonly offset: number;
  /** Chunks are cut until they cover at least this many bytes from `offset` (or the file ends). */
  readonly span: number;
  /** Also compress and encrypt each chunk (a new file: its chunks are almost certainly new). */
  readonly seal: boolean;
  readonly level: number;
  readonly minSavings: number;
}

/** Windows of file data, reused: a worker cuts many parts, and fresh buffers for each would only feed the GC. */
const windows: Buffer[] = [];
/** Reply buffers for sealed chunks that the pool sent back once their chunks were in packs (see `recycleOutput`). */
const outputs: Buffer[] = [];
/** Parts whose sealed chunks may need more than this get a reply buffer that is recycled. */
const RECYCLE_FROM = 256 * 1024;

/** Takes back a reply buffer the main thread is done with. */
export function recycleOutput(buffer: ArrayBuffer): void {
  if (outputs.length < 4) outputs.push(Buffer.from(buffer));
}

/** A buffer for a part's sealed chunks: recycled when the part is large, so big buffers are not freed and re-made. */
function outputFor(room: number, standard: number): Buffer {
  if (room <= RECYCLE_FROM) return Buffer.allocUnsafeSlow(room);
  for (let b = outputs.pop(); b; b = outputs.pop()) if (b.length >= room) return b;
  return Buffer.allocUnsafeSlow(Math.max(room, standard));
}

function takeWindow(size: number): Buffer {
  for (let w = windows.pop(); w; w = windows.pop()) if (w.length === size) return w;
  return Buffer.allocUnsafeSlow(size);
}

/**
 * Cuts the next part of a file into content-defined chunks, in the worker: reads `span + maxSize` bytes from a
 * chunk boundary, so every chunk that starts inside the span is whole, hashes each chunk, and seals it when asked.
 * Because FastCDC starts afresh at every cut, cutting a file part by part gives exactly the chunks of cutting it
 * in one go. The file is opened with O_NOFOLLOW: a path that became a symlink since the walk is refused.
 */
export async function cutFilePart(req: CutRequest, keys: { dataKey: Buffer; idKey: Buffer }): Promise<CutResult> {
  const size = req.span + req.params.maxSize;
  const window = takeWindow(size);
  const fd = openSync(req.path, constants.O_RDONLY | constants.O_NOFOLLOW);
  try {
    let filled = 0;
    for (;;) {
      const n = readSync(fd, window, filled, size - filled, req.offset + filled);
      if (n === 0) break;
      filled += n;
      if (filled === size) break;
    }
    const eof = filled < size;
    const chunker = new FastCdcChunker(req.params);
    const chunks: CutChunk[] = [];
    // Sealed chunks go back to back into one reply buffer: room for the part's bytes, uncompressed, plus an
    // envelope per chunk (chunks are at least minSize, except the file's last).
    const envelopes = (n: number): number => n + maxSealedSize(0) * (Math.ceil(n / req.params.minSize) + 1);
    const sealed = outputFor(req.seal ? envelopes(filled) : 0, envelopes(size));
    let used = 0;
    let start = 0;
    while (start < filled && start < req.span) {
      const cut = chunker.findCut(window.subarray(start), filled - start, eof);
      if (cut === 0) throw new Error(`internal error: no cut in ${filled - start} bytes of ${req.path}`);
      const data = window.subarray(start, start + cut);
      const id = chunkId(keys.idKey, data);
      const length = req.seal ? await sealInto(data, { key: keys.dataKey, kind: 'C', context: id, compressionLevel: req.level, minSavings: req.minSavings }, sealed, used) : 0;
      used += length;
      chunks.push({ id, size: cut, zero: isAllZero(data), sealed: length });
      start += cut;
    }
    const atEnd = eof && start === filled;
    return {
      chunks,
      sealed: sealed.subarray(0, used),
      next: req.offset + start,
      eof: atEnd,
      ...(atEnd ? { after: snapshot(fd) } : {}),
    };
  } finally {
    closeSync(fd);
    if (window.length === size && windows.length < 2) windows.push(window);
  }
}

/**
 * Reads one chunk of a file again and seals it, after a first pass only hashed it (a changed file whose chunks
 * are mostly known). Answers undefined when the bytes there no longer hash to `id`: the file changed since.
 */
export async function sealFileRange(
  req: { path: string; offset: number; size: number; id: string; level: number; minSavings: number },
  keys: { dataKey: Buffer; idKey: Buffer },
): Promise<Buffer | undefined> {
  const data = Buffer.allocUnsafeSlow(req.size);
  const fd = openSync(req.path, constants.O_RDONLY | constants.O_NOFOLLOW);
  try {
    let filled = 0;
    while (filled < req.size) {
      const n = readSync(fd, data, filled, req.size - filled, req.offset + filled);
      if (n === 0) return undefined;
      filled += n;
    }
  } finally {
    closeSync(fd);
  }
  if (chunkId(keys.idKey, data) !== req.id) return undefined;
  return (await sealObject(data, { key: keys.dataKey, kind: 'C', context: req.id, compressionLevel: req.level, minSavings: req.minSavings })).blob;
}

export function snapshot(fd: number): StatSnapshot {
  const st = fstatSync(fd, { bigint: true });
  return { size: String(st.size), mtimeNs: String(st.mtimeNs), ctimeNs: String(st.ctimeNs), ino: String(st.ino) };
}
