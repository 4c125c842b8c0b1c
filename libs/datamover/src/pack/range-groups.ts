const KiB = 1024;
const MiB = 1024 * KiB;

/** A chunk wanted from a pack: its envelope's place there, its plaintext size, and what the caller attaches. */
export interface WantedChunk<T> {
  readonly id: string;
  readonly offset: number;
  readonly length: number;
  readonly size: number;
  readonly item: T;
}

/** One ranged read of a pack and the chunks it yields. */
export interface RangeGroup<T> {
  readonly pack: string;
  readonly start: number;
  readonly end: number;
  /** Plaintext bytes of its chunks. */
  readonly plain: number;
  readonly chunks: WantedChunk<T>[];
}

export interface GroupLimits {
  /** Neighbouring chunks this close are read in one request (the bytes between are read and dropped). */
  readonly maxGap: number;
  /** No read spans more than this (unless one chunk does). */
  readonly maxSpan: number;
  /** No read yields more plaintext than this (unless one chunk does): compressible chunks grow when opened. */
  readonly maxPlain: number;
}

/**
 * Reads of a few MiB: enough to amortise a request, small enough that the reads in flight and what the workers
 * make of them stay within a few tens of MiB (larger reads measurably raised the peak RSS of a restore).
 */
export const DEFAULT_GROUP_LIMITS: GroupLimits = { maxGap: 256 * KiB, maxSpan: 2 * MiB, maxPlain: 4 * MiB };

/**
 * For stores whose ranged reads stream the object from its start (NATS JetStream keeps an object as a sequence
 * of messages with no index by offset): a pack is better read in one go than in many ranges.
 */
export const STREAMING_GROUP_LIMITS: GroupLimits = { maxGap: 4 * MiB, maxSpan: 32 * MiB, maxPlain: 64 * MiB };

/** The read sizes that suit a store. */
export function groupLimitsFor(store: { readonly kind: string }): GroupLimits {
  return store.kind === 'nats' ? STREAMING_GROUP_LIMITS : DEFAULT_GROUP_LIMITS;
}

/**
 * Turns the chunks wanted from one pack into few ranged reads: sorted by offset, neighbours merged while the gap,
 * span and plaintext stay within the limits. A restore of a whole recovery point reads most packs in a few
 * sequential requests; a restore of a few files reads just their chunks.
 */
export function groupRanges<T>(pack: string, wanted: readonly WantedChunk<T>[], limits: GroupLimits = DEFAULT_GROUP_LIMITS): RangeGroup<T>[] {
  const sorted = [...wanted].sort((a, b) => a.offset - b.offset);
  const groups: RangeGroup<T>[] = [];
  let current: { start: number; end: number; plain: number; chunks: WantedChunk<T>[] } | undefined;
  for (const c of sorted) {
    const end = c.offset + c.length;
    if (
      current &&
      c.offset - current.end <= limits.maxGap &&
      Math.max(end, current.end) - current.start <= limits.maxSpan &&
      current.plain + c.size <= limits.maxPlain
    ) {
      current.end = Math.max(current.end, end);
      current.plain += c.size;
      current.chunks.push(c);
      continue;
    }
    if (current) groups.push({ pack, ...current });
    current = { start: c.offset, end, plain: c.size, chunks: [c] };
  }
  if (current) groups.push({ pack, ...current });
  return groups;
}
