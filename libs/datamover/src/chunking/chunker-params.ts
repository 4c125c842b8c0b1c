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

/**
 * 64 KiB / 256 KiB / 1 MiB: about 4000 chunks per GiB. Measured on the datamover bench (1 GiB, 1 % changed by
 * appends, edits in the middle of large files and new files): an incremental backup uploaded 2.8 × the changed
 * bytes with 1 MiB chunks, 1.9 × with 512 KiB and 1.16 × with 256 KiB (an edit re-uploads the chunks around it),
 * at the same speed; the index and manifests grow by about 10 %. Chunks are stored in pack files, so their
 * number no longer costs store requests.
 */
export const DEFAULT_CHUNKER_PARAMS: ChunkerParams = {
  algorithm: CHUNKER_ALGORITHM,
  minSize: MiB / 16,
  avgSize: MiB / 4,
  maxSize: MiB,
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
