import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { zstdCompress, zstdDecompress } from '../compression/zstd.codec';

/**
 * The envelope of every encrypted object (chunks and manifests):
 *
 * | bytes | content |
 * | --- | --- |
 * | 0–3 | magic `TDM1` |
 * | 4 | kind: `C` chunk, `M` manifest |
 * | 5 | flags: bit 0 = the plaintext was zstd-compressed before encryption |
 * | 6–17 | random 96-bit GCM nonce |
 * | 18…n-17 | AES-256-GCM ciphertext |
 * | n-16…n-1 | GCM tag |
 *
 * The additional authenticated data is bytes 0–5 followed by a context string (a chunk's id, a manifest's
 * key), so an object cannot be swapped for another, nor its flags flipped, without failing authentication.
 */
export type SealedKind = 'C' | 'M';

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
  let body: Uint8Array = plain;
  let flags = 0;
  if (opts.compressionLevel > 0 && plain.length >= 64) {
    const packed = await zstdCompress(plain, opts.compressionLevel);
    if (packed.length <= plain.length * (1 - opts.minSavings)) {
      body = packed;
      flags |= FLAG_ZSTD;
    }
  }
  const header = Buffer.concat([MAGIC, Buffer.from([opts.kind.charCodeAt(0), flags])]);
  const nonce = randomBytes(NONCE);
  const cipher = createCipheriv('aes-256-gcm', opts.key, nonce);
  cipher.setAAD(Buffer.concat([header, Buffer.from(opts.context, 'utf8')]));
  const out = Buffer.allocUnsafe(HEADER + NONCE + body.length + TAG);
  header.copy(out, 0);
  nonce.copy(out, HEADER);
  let at = HEADER + NONCE;
  at += cipher.update(body).copy(out, at);
  at += cipher.final().copy(out, at);
  cipher.getAuthTag().copy(out, at);
  return { blob: out, compressed: (flags & FLAG_ZSTD) !== 0 };
}

/** Why an envelope could not be opened; the caller turns it into an error naming the object. */
export class OpenFailure extends Error {}

export async function openObject(blob: Uint8Array, opts: { key: Uint8Array; kind: SealedKind; context: string }): Promise<Buffer> {
  const buf = Buffer.isBuffer(blob) ? blob : Buffer.from(blob.buffer, blob.byteOffset, blob.byteLength);
  if (buf.length < HEADER + NONCE + TAG) throw new OpenFailure(`it is ${buf.length} bytes, shorter than an empty envelope`);
  if (!buf.subarray(0, 4).equals(MAGIC)) throw new OpenFailure('it does not start with the TDM1 envelope magic');
  if (buf[4] !== opts.kind.charCodeAt(0)) throw new OpenFailure(`it is not a ${opts.kind === 'C' ? 'chunk' : 'manifest'} envelope`);
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
