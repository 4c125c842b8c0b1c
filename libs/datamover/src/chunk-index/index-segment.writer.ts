import { ObjectStore } from '@tandem/objectstore';
import { newIndexKey } from '../repository/repository-layout';
import { encodeSegment, recordCount, SegmentPack } from './index-segment.codec';

/** Entries per segment at most: about 4.4 MB of plaintext. */
export const MAX_SEGMENT_ENTRIES = 100_000;

/**
 * Writes index segments for packs that are already in the store. Packs are collected and written as one segment
 * once `packsPerSegment` have come (so a backup killed later has most of its packs indexed) and by `flush`, which
 * a backup awaits before it writes its manifest. A failed write fails `flush`.
 */
export class IndexSegmentWriter {
  private pending: SegmentPack[] = [];
  private pendingEntries = 0;
  private readonly writes = new Set<Promise<void>>();
  private failure: { error: unknown } | undefined;
  readonly written: string[] = [];
  readonly stats = { segments: 0, bytes: 0 };

  constructor(
    private readonly store: ObjectStore,
    private readonly dataKey: Uint8Array,
    private readonly packsPerSegment = 64,
  ) {}

  add(pack: SegmentPack): void {
    this.pending.push(pack);
    this.pendingEntries += recordCount(pack.records);
    if (this.pending.length >= this.packsPerSegment || this.pendingEntries >= MAX_SEGMENT_ENTRIES) this.startWrite();
  }

  /** Writes what is pending and waits for every segment write; throws the first failure. */
  async flush(): Promise<void> {
    this.startWrite();
    while (this.writes.size > 0) await Promise.allSettled([...this.writes]);
    if (this.failure) throw this.failure.error;
  }

  private startWrite(): void {
    if (this.pending.length === 0) return;
    const packs = this.pending;
    this.pending = [];
    this.pendingEntries = 0;
    const write = this.write(packs).catch((error: unknown) => {
      this.failure ??= { error };
    });
    const tracked = write.finally(() => this.writes.delete(tracked));
    this.writes.add(tracked);
  }

  private async write(packs: SegmentPack[]): Promise<void> {
    const key = newIndexKey();
    const blob = await encodeSegment(packs, this.dataKey, key);
    await this.store.put(key, blob, { ifAbsent: true });
    this.written.push(key);
    this.stats.segments++;
    this.stats.bytes += blob.length;
  }
}
