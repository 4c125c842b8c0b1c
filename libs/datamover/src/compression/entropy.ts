/** Bytes of each of the two samples `looksIncompressible` takes. */
const SAMPLE = 4096;
/** Above this many bits per byte (8 is the most), a sample is taken for random or already compressed data. */
const RANDOM_BITS = 7.9;

/**
 * Whether data looks incompressible from the byte entropy of two small samples (its start and its middle):
 * random, encrypted or already compressed data. zstd would spend as much time on such a chunk as on text and
 * then not be used (a chunk is stored compressed only when that saves 5 %), so it is not even tried. Small
 * inputs are never judged: the estimate needs a few thousand bytes.
 */
export function looksIncompressible(data: Uint8Array): boolean {
  if (data.length < 4 * SAMPLE) return false;
  const counts = new Uint32Array(256);
  const middle = (data.length >> 1) - (SAMPLE >> 1);
  for (let i = 0; i < SAMPLE; i++) {
    counts[data[i] as number] = (counts[data[i] as number] as number) + 1;
    counts[data[middle + i] as number] = (counts[data[middle + i] as number] as number) + 1;
  }
  const n = 2 * SAMPLE;
  let bits = 0;
  for (let b = 0; b < 256; b++) {
    const c = counts[b] as number;
    if (c > 0) bits -= (c / n) * Math.log2(c / n);
  }
  return bits > RANDOM_BITS;
}
