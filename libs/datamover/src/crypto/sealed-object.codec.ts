import { createCipheriv, createDecipheriv, randomFillSync } from 'node:crypto';
import { looksIncompressible } from '../compression/entropy';
import { zstdCompress, zstdDecompress } from '../compression/zstd.codec';

/**
 * The envelope of every encrypted thing (chunks, manifests, pack trailers, index segments):
 *
 * | bytes | content |
 * | --- | --- |
 * | 0–3 | magic `TDM1` |
 * | 4 | kind: `C` chunk, `M` manifest, `P` pack trailer, `I` index segment |
 * | 5 | flags: bit 0 = the plaintext was zstd-compressed before encryption |
 * | 6–17 | random 96-bit GCM nonce |
 * | 18…n-17 | AES-256-GCM ciphertext |
 * | n-16…n-1 | GCM tag |
 *
 * The additional authenticated data is bytes 0–5 followed by a context string (a chunk's id, a manifest's, pack's
 * or index segment's key), so an object cannot be swapped for another, nor its flags flipped, without failing
 * authentication.
 */
export type SealedKind = 'C' | 'M' | 'P' | 'I';

const KIND_NAMES: Record<SealedKind, string> = { C: 'chunk', M: 'manifest', P: 'pack trailer', I: 'index segment' };

/** Bytes an envelope adds to what it seals (before compression). */
export const ENVELOPE_OVERHEAD = 6 + 12 + 16;

const MAGIC = Buffer.from('TDM1', 'ascii');
const HEADER = 6;
const NONCE = 12;
const TAG = 16;
const FLAG_ZSTD = 1;

export interface SealOptions {
  readonly key: Uint8Array;
  readonly kind: SealedKind;
  /** Binds the ciphertext to its identity: the chunk id or the manifest key. */
  readonly context: string;
  /** zstd level; 0 disables compression. */
  readonly compressionLevel: number;
  /** Keep the compressed form only if it is at least this fraction smaller (0.05 = 5 %). */
  readonly minSavings: number;
}

export interface Sealed {
  readonly blob: Buffer;
  readonly compressed: boolean;
}

export async function sealObject(plain: Uint8Array, opts: SealOptions): Promise<Sealed> {
  const parts = await sealParts(plain, opts);
  const blob = Buffer.allocUnsafe(parts.length);
  writeParts(parts, blob, 0);
  return { blob, compressed: parts.compressed };
}

/** The largest envelope a plaintext of `size` bytes can need (uncompressed: compression is kept only if smaller). */
export function maxSealedSize(size: number): number {
  return HEADER + NONCE + size + TAG;
}

/**
 * Seals into `out` at `at` (which must have `maxSealedSize(plain.length)` bytes free) instead of a buffer of its
 * own: a worker sealing many chunks writes them back to back into one reply. Answers the envelope's length.
 */
export async function sealInto(plain: Uint8Array, opts: SealOptions, out: Buffer, at: number): Promise<number> {
  const parts = await sealParts(plain, opts);
  writeParts(parts, out, at);
  return parts.length;
}

interface SealedParts {
  readonly head: Buffer;
  readonly body: Buffer;
  readonly tail: Buffer;
  readonly length: number;
  readonly compressed: boolean;
}

async function sealParts(plain: Uint8Array, opts: SealOptions): Promise<SealedParts> {
  let body: Uint8Array = plain;
  let flags = 0;
  if (opts.compressionLevel > 0 && plain.length >= 64 && !looksIncompressible(plain)) {
    const packed = await zstdCompress(plain, opts.compressionLevel);
    if (packed.length <= plain.length * (1 - opts.minSavings)) {
      body = packed;
      flags |= FLAG_ZSTD;
    }
  }
  const head = Buffer.allocUnsafe(HEADER + NONCE);
  MAGIC.copy(head, 0);
  head[4] = opts.kind.charCodeAt(0);
  head[5] = flags;
  takeNonce(head, HEADER);
  const cipher = createCipheriv('aes-256-gcm', opts.key, head.subarray(HEADER));
  cipher.setAAD(Buffer.concat([head.subarray(0, HEADER), Buffer.from(opts.context, 'utf8')]));
  const encrypted = cipher.update(body);
  const tail = Buffer.concat([cipher.final(), cipher.getAuthTag()]);
  return { head, body: encrypted, tail, length: head.length + encrypted.length + tail.length, compressed: (flags & FLAG_ZSTD) !== 0 };
}

/** Random bytes for nonces, drawn from the CSPRNG a few hundred nonces at a time (one call per chunk is slow). */
const noncePool = Buffer.allocUnsafeSlow(NONCE * 256);
let nonceAt = noncePool.length;

function takeNonce(out: Buffer, at: number): void {
  if (nonceAt === noncePool.length) {
    randomFillSync(noncePool);
    nonceAt = 0;
  }
  noncePool.copy(out, at, nonceAt, nonceAt + NONCE);
  nonceAt += NONCE;
}

function writeParts(parts: SealedParts, out: Buffer, at: number): void {
  parts.head.copy(out, at);
  parts.body.copy(out, at + parts.head.length);
  parts.tail.copy(out, at + parts.head.length + parts.body.length);
}

/** Why an envelope could not be opened; the caller turns it into an error naming the object. */
export class OpenFailure extends Error {}

export async function openObject(blob: Uint8Array, opts: { key: Uint8Array; kind: SealedKind; context: string }): Promise<Buffer> {
  const buf = Buffer.isBuffer(blob) ? blob : Buffer.from(blob.buffer, blob.byteOffset, blob.byteLength);
  if (buf.length < HEADER + NONCE + TAG) throw new OpenFailure(`it is ${buf.length} bytes, shorter than an empty envelope`);
  if (!buf.subarray(0, 4).equals(MAGIC)) throw new OpenFailure('it does not start with the TDM1 envelope magic');
  if (buf[4] !== opts.kind.charCodeAt(0)) throw new OpenFailure(`it is not a ${KIND_NAMES[opts.kind]} envelope`);
  const flags = buf[5];
  if ((flags & ~FLAG_ZSTD) !== 0) throw new OpenFailure(`unknown envelope flags ${flags}`);
  const decipher = createDecipheriv('aes-256-gcm', opts.key, buf.subarray(HEADER, HEADER + NONCE));
  decipher.setAAD(Buffer.concat([buf.subarray(0, HEADER), Buffer.from(opts.context, 'utf8')]));
  decipher.setAuthTag(buf.subarray(buf.length - TAG));
  let body: Buffer;
  try {
    body = Buffer.concat([decipher.update(buf.subarray(HEADER + NONCE, buf.length - TAG)), decipher.final()]);
  } catch {
    throw new OpenFailure('authentication failed (truncated, altered, or sealed under another key)');
  }
  if ((flags & FLAG_ZSTD) === 0) return body;
  try {
    return await zstdDecompress(body);
  } catch (err) {
    throw new OpenFailure(`authenticated but not valid zstd (${(err as Error).message})`);
  }
}
