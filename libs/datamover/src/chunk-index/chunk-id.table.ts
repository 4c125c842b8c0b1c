/**
 * A hash set of chunk ids kept in typed arrays: 32 bytes per id plus the free slots, no object per id. A
 * repository of a few million chunks then costs tens of megabytes, not hundreds (a `Set<string>` of 64-hex ids
 * costs about 120 bytes an id and loads the garbage collector). Ids are keyed hashes, so their first word is a
 * uniformly spread hash already. Open addressing with linear probing; grows at 60 % load.
 */
export class ChunkIdTable {
  protected capacity: number;
  protected words: Uint32Array;
  protected used: Uint8Array;
  protected count = 0;
  /** Scratch space for the id being looked up. */
  protected readonly probe = new Uint32Array(8);

  constructor(initialCapacity = 1024) {
    this.capacity = 2 ** Math.ceil(Math.log2(Math.max(16, initialCapacity)));
    this.words = new Uint32Array(this.capacity * 8);
    this.used = new Uint8Array(this.capacity);
  }

  get size(): number {
    return this.count;
  }

  has(id: string): boolean {
    hexWords(id, this.probe);
    return this.find(this.probe) >= 0;
  }

  hasBytes(bytes: Uint8Array, at: number): boolean {
    byteWords(bytes, at, this.probe);
    return this.find(this.probe) >= 0;
  }

  /** The slot holding `id`, or -1. */
  protected find(id: Uint32Array): number {
    const mask = this.capacity - 1;
    for (let slot = (id[0] as number) & mask; ; slot = (slot + 1) & mask) {
      if (this.used[slot] === 0) return -1;
      if (this.equals(slot, id)) return slot;
    }
  }

  /** Inserts `id` and answers its new slot, or `-1 - slot` when it was there already. */
  protected insert(id: Uint32Array): number {
    if ((this.count + 1) * 10 > this.capacity * 6) this.grow();
    const mask = this.capacity - 1;
    let slot = (id[0] as number) & mask;
    for (; this.used[slot] !== 0; slot = (slot + 1) & mask) if (this.equals(slot, id)) return -1 - slot;
    this.words.set(id, slot * 8);
    this.used[slot] = 1;
    this.count++;
    return slot;
  }

  /** Called with each moved slot when the table grows, so subclasses move what they keep per slot. */
  protected moved(_from: number, _to: number): void {}

  /** Subclasses allocate their per-slot arrays for the new capacity here. */
  protected resized(_capacity: number): void {}

  private equals(slot: number, id: Uint32Array): boolean {
    const w = this.words;
    const at = slot * 8;
    for (let i = 0; i < 8; i++) if (w[at + i] !== id[i]) return false;
    return true;
  }

  private grow(): void {
    const oldWords = this.words;
    const oldUsed = this.used;
    const oldCapacity = this.capacity;
    this.capacity *= 2;
    this.words = new Uint32Array(this.capacity * 8);
    this.used = new Uint8Array(this.capacity);
    this.resized(this.capacity);
    this.count = 0;
    const id = new Uint32Array(8);
    for (let from = 0; from < oldCapacity; from++) {
      if (oldUsed[from] === 0) continue;
      id.set(oldWords.subarray(from * 8, from * 8 + 8));
      this.moved(from, this.insert(id));
    }
  }
}

/** A set of chunk ids (see ChunkIdTable). */
export class ChunkIdSet extends ChunkIdTable {
  /** Adds an id; answers whether it was new. */
  add(id: string): boolean {
    hexWords(id, this.probe);
    return this.insert(this.probe) >= 0;
  }

  /** Adds the 32-byte id at `at` of `bytes`; answers whether it was new. */
  addBytes(bytes: Uint8Array, at: number): boolean {
    byteWords(bytes, at, this.probe);
    return this.insert(this.probe) >= 0;
  }
}

/** The eight 32-bit words of a 64-hex-digit id. */
export function hexWords(id: string, out: Uint32Array): void {
  if (id.length !== 64) throw new RangeError(`not a chunk id: "${id}"`);
  for (let i = 0; i < 8; i++) out[i] = parseInt(id.slice(i * 8, i * 8 + 8), 16) >>> 0;
}

export function byteWords(bytes: Uint8Array, at: number, out: Uint32Array): void {
  for (let i = 0; i < 8; i++) {
    const p = at + i * 4;
    out[i] = (((bytes[p] as number) << 24) | ((bytes[p + 1] as number) << 16) | ((bytes[p + 2] as number) << 8) | (bytes[p + 3] as number)) >>> 0;
  }
}

export function wordsHex(words: Uint32Array, at = 0): string {
  let hex = '';
  for (let i = 0; i < 8; i++) hex += (words[at + i] as number).toString(16).padStart(8, '0');
  return hex;
}
