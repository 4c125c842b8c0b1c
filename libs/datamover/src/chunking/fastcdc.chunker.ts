import { ChunkerParams, validateChunkerParams } from './chunker-params';
import { GEAR } from './gear.table';

/**
 * FastCDC cut-point search (Xia et al., 2016) with a 32-bit gear hash and normalized chunking level 2: before
 * `avgSize` a harder mask (2 more bits) makes cuts rarer, after it an easier one (2 fewer bits) makes them more
 * likely, which narrows the size distribution around the average. Nothing is hashed in the first `minSize`
 * bytes of a chunk, and the hash only remembers the last 32 bytes, so a cut depends on nearby content alone:
 * an insert in the middle of a file changes the chunks around it and the chunks after it re-synchronise.
 *
 * The search is resumable: feed it a growing buffer that starts at the current chunk's first byte, and it
 * continues where it stopped. After it returns a cut, the next call starts a new chunk.
 */
export class FastCdcChunker {
  private readonly maskS: number;
  private readonly maskL: number;
  private scanned = 0;
  private hash = 0;

  constructor(readonly params: ChunkerParams) {
    validateChunkerParams(params);
    const bits = Math.round(Math.log2(params.avgSize));
    this.maskS = topBits(bits + 2);
    this.maskL = topBits(bits - 2);
  }

  /**
   * Where the chunk that starts at `buf[0]` ends, given `length` valid bytes: the cut offset (exclusive), or 0
   * when more data is needed to decide. With `final`, the rest of the data is the end of the stream, so a cut
   * is always returned when `length > 0`.
   */
  findCut(buf: Uint8Array, length: number, final: boolean): number {
    const { minSize, maxSize } = this.params;
    if (length >= maxSize) {
      const cut = this.scan(buf, maxSize);
      return cut > 0 ? cut : this.cutAt(maxSize);
    }
    if (length <= minSize) return final && length > 0 ? this.cutAt(length) : 0;
    const cut = this.scan(buf, length);
    if (cut > 0) return cut;
    return final ? this.cutAt(length) : 0;
  }

  /** Forgets any partial state (e.g. before reusing the chunker for another file). */
  reset(): void {
    this.scanned = 0;
    this.hash = 0;
  }

  private scan(buf: Uint8Array, end: number): number {
    const { minSize, avgSize } = this.params;
    const gear = GEAR;
    let h = this.hash;
    let i = Math.max(this.scanned, minSize);
    const normal = Math.min(avgSize, end);
    const maskS = this.maskS;
    for (; i < normal; i++) {
      h = ((h << 1) + gear[buf[i]]) | 0;
      if ((h & maskS) === 0) return this.cutAt(i + 1);
    }
    const maskL = this.maskL;
    for (; i < end; i++) {
      h = ((h << 1) + gear[buf[i]]) | 0;
      if ((h & maskL) === 0) return this.cutAt(i + 1);
    }
    this.scanned = i;
    this.hash = h;
    return 0;
  }

  private cutAt(offset: number): number {
    this.scanned = 0;
    this.hash = 0;
    return offset;
  }
}

/** A mask of the `n` most significant bits of a 32-bit word (the bits with the longest memory in a gear hash). */
function topBits(n: number): number {
  return (0xffffffff << (32 - n)) | 0;
}

/** Cuts a whole buffer into chunk lengths; for tests and small inputs. */
export function chunkLengths(data: Uint8Array, params: ChunkerParams): number[] {
  const chunker = new FastCdcChunker(params);
  const lengths: number[] = [];
  let offset = 0;
  while (offset < data.length) {
    const cut = chunker.findCut(data.subarray(offset), data.length - offset, true);
    lengths.push(cut);
    offset += cut;
  }
  return lengths;
}
