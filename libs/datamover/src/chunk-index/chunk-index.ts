import { byteWords, ChunkIdTable, hexWords, wordsHex } from './chunk-id.table';

/** Where a chunk's sealed blob is: a pack and a byte range in it, and the chunk's plaintext size. */
export interface ChunkLocation {
  readonly pack: string;
  readonly offset: number;
  readonly length: number;
  readonly size: number;
}

const NONE = 0xffffffff;

/**
 * The repository index in memory: chunk id → location, in typed arrays (about 100 bytes a chunk; see
 * ChunkIdTable). The first location added for an id is its primary one; a chunk stored in more than one pack
 * (two backups raced, or a pack was repacked) keeps its other locations too, so a reader can fall back on them.
 */
export class ChunkIndex extends ChunkIdTable {
  private meta: Uint32Array;
  private oldMeta: Uint32Array | undefined;
  private readonly packIds: string[] = [];
  private readonly packNumbers = new Map<string, number>();
  /** Further locations of ids, by id (rare). */
  private readonly extra = new Map<string, ChunkLocation[]>();

  constructor(initialCapacity = 1024) {
    super(initialCapacity);
    this.meta = new Uint32Array(this.capacity * 4);
  }

  /** Packs that have at least one chunk in the index. */
  get packs(): readonly string[] {
    return this.packIds;
  }

  hasPack(packId: string): boolean {
    return this.packNumbers.has(packId);
  }

  /** Adds a location of a chunk; answers whether the chunk was new to the index. */
  put(id: string, location: ChunkLocation): boolean {
    hexWords(id, this.probe);
    return this.insertLocation(this.probe, location, id);
  }

  /** Adds the id at `at` of `bytes` (raw, 32 bytes) in `pack`; answers whether the id was new. */
  putRaw(bytes: Uint8Array, at: number, location: ChunkLocation): boolean {
    byteWords(bytes, at, this.probe);
    return this.insertLocation(this.probe, location);
  }

  get(id: string): ChunkLocation | undefined {
    hexWords(id, this.probe);
    const slot = this.find(this.probe);
    return slot < 0 ? undefined : this.locationAt(slot);
  }

  /** The pack of the primary location of the raw id at `at` of `bytes`. */
  primaryPack(bytes: Uint8Array, at: number): string | undefined {
    byteWords(bytes, at, this.probe);
    const slot = this.find(this.probe);
    return slot < 0 ? undefined : this.packIds[this.meta[slot * 4] as number];
  }

  /** Every known location of a chunk, the primary one first. */
  locations(id: string): ChunkLocation[] {
    const first = this.get(id);
    return first ? [first, ...(this.extra.get(id) ?? [])] : [];
  }

  private insertLocation(words: Uint32Array, location: ChunkLocation, hexId?: string): boolean {
    const slot = this.insert(words);
    if (slot >= 0) {
      const at = slot * 4;
      this.meta[at] = this.packNumber(location.pack);
      this.meta[at + 1] = location.offset;
      this.meta[at + 2] = location.length;
      this.meta[at + 3] = location.size;
      return true;
    }
    const existing = this.locationAt(-1 - slot);
    if (existing.pack !== location.pack) {
      const id = hexId ?? wordsHex(words);
      const more = this.extra.get(id) ?? [];
      if (!more.some((l) => l.pack === location.pack)) this.extra.set(id, [...more, location]);
    }
    return false;
  }

  private locationAt(slot: number): ChunkLocation {
    const at = slot * 4;
    const pack = this.meta[at] as number;
    if (pack === NONE) throw new Error('internal error: an index slot without a pack');
    return { pack: this.packIds[pack] as string, offset: this.meta[at + 1] as number, length: this.meta[at + 2] as number, size: this.meta[at + 3] as number };
  }

  private packNumber(packId: string): number {
    let n = this.packNumbers.get(packId);
    if (n === undefined) {
      n = this.packIds.length;
      this.packIds.push(packId);
      this.packNumbers.set(packId, n);
    }
    return n;
  }

  protected override resized(capacity: number): void {
    this.oldMeta = this.meta;
    this.meta = new Uint32Array(capacity * 4);
  }

  protected override moved(from: number, to: number): void {
    const old = this.oldMeta as Uint32Array;
    this.meta.set(old.subarray(from * 4, from * 4 + 4), to * 4);
  }
}
