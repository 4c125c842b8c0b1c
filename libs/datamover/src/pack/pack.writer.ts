import { ObjectStore } from '@tandem/objectstore';
import { WeightedSemaphore } from '../concurrency/weighted.semaphore';
import { DatamoverError } from '../datamover.errors';
import { newPackId, packKey } from '../repository/repository-layout';
import { PACK_HEADER_BYTES, PACK_MAGIC, PackEntry, packTail } from './pack-format';

const MiB = 1024 * 1024;
export const DEFAULT_PACK_SIZE = 16 * MiB;
const MIN_DEFAULT_PACK_SIZE = MiB;

/**
 * The pack size a backup uses when none is given: 16 MiB, or an eighth of the volume for a volume under 128 MiB
 * (at least 1 MiB). A backup interrupted mid-way keeps only its finished packs, so a small volume split into a few
 * packs resumes with most of its upload done; a large one gets few, large objects.
 */
export function defaultPackSize(volumeBytes: number): number {
  return Math.min(DEFAULT_PACK_SIZE, Math.max(MIN_DEFAULT_PACK_SIZE, Math.ceil(volumeBytes / 8 / MiB) * MiB));
}
/** Offsets are 32-bit in the entry lists. */
const MAX_PACK_SIZE = 1024 * MiB;
/** Room left in a pack's buffer for its trailer, so that closing a pack does not copy it. */
const TRAILER_RESERVE = 256 * 1024;

export interface PackWriterOptions {
  /** A pack is closed once its chunks would exceed this; a chunk larger than it gets a pack of its own. */
  readonly targetSize: number;
  /** Packs being uploaded at once (each holds its buffer until written). */
  readonly concurrency: number;
}

/** A pack as written: what the index needs. */
export interface WrittenPack {
  readonly id: string;
  readonly key: string;
  readonly bytes: number;
  readonly entries: readonly PackEntry[];
}

interface OpenPack {
  readonly id: string;
  readonly buffer: Buffer;
  used: number;
  readonly entries: PackEntry[];
}

/**
 * Collects sealed chunks into pack files and uploads each pack once, whole (`put` with ifAbsent, under a fresh
 * random id). `add` copies the chunk into the open pack and answers where it will be; `finish` closes the last
 * pack and waits for every upload. Each written pack is handed to `onWritten` (the index), never before its
 * `put` succeeded. Memory: the open pack plus at most `concurrency` packs being uploaded; `add` waits when that
 * many are in flight. The first failed upload fails every later call.
 */
export class PackWriter {
  private open: OpenPack | undefined;
  private tail: Promise<unknown> = Promise.resolve();
  private readonly uploads = new Set<Promise<void>>();
  private readonly slots: WeightedSemaphore;
  private failure: { error: unknown } | undefined;
  /** Buffers of written packs, reused: allocating 16 MiB per pack fragments the allocator and grows the RSS. */
  private readonly spare: Buffer[] = [];
  readonly stats = { packs: 0, bytes: 0 };

  constructor(
    private readonly store: ObjectStore,
    private readonly dataKey: Uint8Array,
    private readonly opts: PackWriterOptions,
    private readonly onWritten: (pack: WrittenPack) => Promise<void> | void,
  ) {
    if (!(opts.targetSize >= 64 * 1024 && opts.targetSize <= MAX_PACK_SIZE)) {
      throw new RangeError(`the pack size must be between 64 KiB and ${MAX_PACK_SIZE / MiB} MiB, not ${opts.targetSize} bytes`);
    }
    this.slots = new WeightedSemaphore(Math.max(1, opts.concurrency));
  }

  /** Adds a sealed chunk; answers its pack and offset. Calls are served in order. */
  add(id: string, blob: Uint8Array, size: number): Promise<{ pack: string; offset: number; length: number; size: number }> {
    const run = this.tail.then(() => this.addNow(id, blob, size));
    this.tail = run.catch(() => undefined);
    return run;
  }

  /** Uploads the open pack and waits for every upload; throws the first failure. */
  async finish(): Promise<void> {
    await this.tail;
    if (!this.failure && this.open && this.open.entries.length > 0) await this.rotate();
    this.open = undefined;
    while (this.uploads.size > 0) await Promise.allSettled([...this.uploads]);
    if (this.failure) throw this.failure.error;
  }

  /** Waits for the uploads in flight without writing the open pack (after a failure elsewhere). */
  async abandon(): Promise<void> {
    this.open = undefined;
    await this.tail;
    while (this.uploads.size > 0) await Promise.allSettled([...this.uploads]);
  }

  private async addNow(id: string, blob: Uint8Array, size: number): Promise<{ pack: string; offset: number; length: number; size: number }> {
    this.throwIfFailed();
    if (this.open && this.open.used + blob.length > this.opts.targetSize && this.open.entries.length > 0) await this.rotate();
    this.throwIfFailed();
    const pack = (this.open ??= { id: newPackId(), buffer: this.buffer(PACK_HEADER_BYTES + blob.length), used: PACK_HEADER_BYTES, entries: [] });
    if (pack.used === PACK_HEADER_BYTES) PACK_MAGIC.copy(pack.buffer, 0);
    const offset = pack.used;
    pack.buffer.set(blob, offset);
    pack.used += blob.length;
    const entry = { id, offset, length: blob.length, size };
    pack.entries.push(entry);
    return { pack: pack.id, offset, length: blob.length, size };
  }

  /** A buffer for a new pack: a spare one when the chunk fits, else a new one (of the target size, or larger). */
  private buffer(atLeast: number): Buffer {
    const size = Math.max(this.opts.targetSize, atLeast) + TRAILER_RESERVE;
    if (size === this.opts.targetSize + TRAILER_RESERVE) {
      const spare = this.spare.pop();
      if (spare) return spare;
    }
    return Buffer.allocUnsafeSlow(size);
  }

  private throwIfFailed(): void {
    if (this.failure) throw this.failure.error;
  }

  private async rotate(): Promise<void> {
    const pack = this.open as OpenPack;
    this.open = undefined;
    await this.slots.acquire(1);
    const upload = this.upload(pack).then(
      () => undefined,
      (error: unknown) => {
        this.failure ??= { error };
      },
    );
    const tracked = upload.finally(() => {
      if (pack.buffer.length === this.opts.targetSize + TRAILER_RESERVE && this.spare.length < this.opts.concurrency) this.spare.push(pack.buffer);
      this.slots.release(1);
      this.uploads.delete(tracked);
    });
    this.uploads.add(tracked);
  }

  private async upload(pack: OpenPack): Promise<void> {
    const key = packKey(pack.id);
    const tail = await packTail(pack.entries, this.dataKey, key);
    let bytes: Buffer;
    if (pack.used + tail.length <= pack.buffer.length) {
      tail.copy(pack.buffer, pack.used);
      bytes = pack.buffer.subarray(0, pack.used + tail.length);
    } else {
      bytes = Buffer.concat([pack.buffer.subarray(0, pack.used), tail]);
    }
    const { written } = await this.store.put(key, bytes, { ifAbsent: true });
    if (!written) throw new DatamoverError(`pack ${key} exists already: two writers drew the same random id`, { code: 'pack-exists' });
    this.stats.packs++;
    this.stats.bytes += bytes.length;
    await this.onWritten({ id: pack.id, key, bytes: bytes.length, entries: pack.entries });
  }
}
