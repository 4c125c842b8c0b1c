/**
 * Parameters of the content-defined chunker. They are fixed per repository (stored in its `config`), because
 * chunks only deduplicate against chunks cut with the same parameters.
 */
export interface ChunkerParams {
  /** Name and version of the cut-point algorithm; a different one would cut differently. */
  readonly algorithm: typeof CHUNKER_ALGORITHM;
  /** No cut before this many bytes (except at the end of a file). */
  readonly minSize: number;
  /** The size the cut-point masks aim at; a power of two. */
  readonly avgSize: number;
  /** A cut is forced here. */
  readonly maxSize: number;
}

export const CHUNKER_ALGORITHM = 'fastcdc-gear32-nc2-v1' as const;

const MiB = 1024 * 1024;

/** 256 KiB / 1 MiB / 4 MiB: about 1000 chunks per GiB, small enough to deduplicate, large enough to upload well. */
export const DEFAULT_CHUNKER_PARAMS: ChunkerParams = {
  algorithm: CHUNKER_ALGORITHM,
  minSize: MiB / 4,
  avgSize: MiB,
  maxSize: 4 * MiB,
};

/** Fills in defaults and refuses parameters the chunker cannot honour, saying which. */
export function chunkerParams(input: Partial<Omit<ChunkerParams, 'algorithm'>> = {}): ChunkerParams {
  const avgSize = input.avgSize ?? DEFAULT_CHUNKER_PARAMS.avgSize;
  const minSize = input.minSize ?? Math.max(64, Math.floor(avgSize / 4));
  const maxSize = input.maxSize ?? avgSize * 4;
  const params: ChunkerParams = { algorithm: CHUNKER_ALGORITHM, minSize, avgSize, maxSize };
  validateChunkerParams(params);
  return params;
}

export function validateChunkerParams(p: ChunkerParams): void {
  const bits = Math.log2(p.avgSize);
  const problems: string[] = [];
  if (p.algorithm !== CHUNKER_ALGORITHM) problems.push(`unknown algorithm ${String(p.algorithm)}`);
  if (!Number.isInteger(bits) || bits < 8 || bits > 26) problems.push('avgSize must be a power of two from 256 B to 64 MiB');
  if (!Number.isInteger(p.minSize) || p.minSize < 64 || p.minSize >= p.avgSize) problems.push('minSize must be an integer, at least 64 and below avgSize');
  if (!Number.isInteger(p.maxSize) || p.maxSize <= p.avgSize || p.maxSize > 256 * MiB) problems.push('maxSize must be an integer above avgSize and at most 256 MiB');
  if (problems.length > 0) throw new RangeError(`invalid chunker parameters ${JSON.stringify(p)}: ${problems.join('; ')}`);
}
