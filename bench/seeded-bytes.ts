import { createCipheriv, createHash } from 'node:crypto';

// Deterministic randomness for generated datasets: a small PRNG for decisions (sizes, names, offsets) and an
// AES-256-CTR keystream for bulk bytes (incompressible, GB/s). Both are fully determined by a seed and a label,
// so the same seed gives byte-identical data on every machine.

/** sfc32, seeded from SHA-256 of `seed/label`: uniform floats and integers for decisions. */
export class SeededRandom {
  private a: number;
  private b: number;
  private c: number;
  private d: number;

  constructor(seed: string, label: string) {
    const h = createHash('sha256').update(`${seed}/${label}`).digest();
    [this.a, this.b, this.c, this.d] = [h.readUInt32LE(0), h.readUInt32LE(4), h.readUInt32LE(8), h.readUInt32LE(12)];
    for (let i = 0; i < 12; i++) this.next();
  }

  /** A float in [0, 1). */
  next(): number {
    this.a >>>= 0;
    this.b >>>= 0;
    this.c >>>= 0;
    this.d >>>= 0;
    const t = (this.a + this.b + this.d) >>> 0;
    this.d = (this.d + 1) >>> 0;
    this.a = this.b ^ (this.b >>> 9);
    this.b = (this.c + (this.c << 3)) >>> 0;
    this.c = ((this.c << 21) | (this.c >>> 11)) >>> 0;
    this.c = (this.c + t) >>> 0;
    return t / 4294967296;
  }

  /** An integer in [min, max]. */
  int(min: number, max: number): number {
    return min + Math.floor(this.next() * (max - min + 1));
  }

  /** An integer in [min, max], log-uniformly distributed (many small values, some large). */
  logInt(min: number, max: number): number {
    return Math.min(max, Math.floor(Math.exp(Math.log(min) + this.next() * (Math.log(max + 1) - Math.log(min)))));
  }

  pick<T>(items: readonly T[]): T {
    return items[Math.floor(this.next() * items.length)]!;
  }
}

/** `length` pseudo-random bytes: the AES-256-CTR keystream under a key derived from `seed/label`. */
export function randomBytesFor(seed: string, label: string, length: number): Buffer {
  const key = createHash('sha256').update(`${seed}/${label}/key`).digest();
  const iv = createHash('sha256').update(`${seed}/${label}/iv`).digest().subarray(0, 16);
  return createCipheriv('aes-256-ctr', key, iv).update(Buffer.alloc(length));
}

const VOCABULARY = buildVocabulary();

/**
 * `length` bytes of text-like content: lines of words from a fixed vocabulary of 256, picked by the keystream
 * of `seed/label`. Compresses to roughly a third with zstd, like logs, source or configuration files do.
 */
export function textBytesFor(seed: string, label: string, length: number): Buffer {
  const out = Buffer.allocUnsafe(length);
  const picks = randomBytesFor(seed, label, Math.ceil(length / 3) + 64);
  let at = 0;
  let p = 0;
  let wordsOnLine = 0;
  while (at < length) {
    if (p >= picks.length) p = 0; // not reached: a word is at least 3 bytes with its separator
    const word = VOCABULARY[picks[p++]!]!;
    const n = Math.min(word.length, length - at);
    word.copy(out, at, 0, n);
    at += n;
    if (at >= length) break;
    out[at++] = ++wordsOnLine >= 12 ? 0x0a : 0x20;
    if (wordsOnLine >= 12) wordsOnLine = 0;
  }
  return out;
}

/** 256 pronounceable words of 2 to 10 letters, the same on every run. */
function buildVocabulary(): Buffer[] {
  const random = new SeededRandom('tandem-bench', 'vocabulary');
  const consonants = 'bcdfghklmnprstvwz';
  const vowels = 'aeiou';
  const words = new Set<string>();
  while (words.size < 256) {
    let w = '';
    const syllables = random.int(1, 5);
    for (let s = 0; s < syllables; s++) w += random.pick([...consonants]) + random.pick([...vowels]);
    words.add(w);
  }
  return [...words].map((w) => Buffer.from(w));
}
