import { createHash, randomBytes } from 'node:crypto';
import { chunkerParams } from './chunker-params';
import { chunkLengths, FastCdcChunker } from './fastcdc.chunker';

const params = chunkerParams({ avgSize: 64 * 1024 });

function chunkHashes(data: Buffer): string[] {
  let offset = 0;
  return chunkLengths(data, params).map((n) => {
    const h = createHash('sha256').update(data.subarray(offset, offset + n)).digest('hex');
    offset += n;
    return h;
  });
}

describe('FastCDC chunker', () => {
  const data = randomBytes(8 * 1024 * 1024);

  it('cuts within the bounds, around the average size', () => {
    const lengths = chunkLengths(data, params);
    expect(lengths.reduce((a, b) => a + b, 0)).toBe(data.length);
    lengths.slice(0, -1).forEach((n) => {
      expect(n).toBeGreaterThanOrEqual(params.minSize);
      expect(n).toBeLessThanOrEqual(params.maxSize);
    });
    const mean = data.length / lengths.length;
    expect(mean).toBeGreaterThan(params.avgSize * 0.6);
    expect(mean).toBeLessThan(params.avgSize * 1.6);
  });

  it('an insert in the middle of a large file changes only the chunks near it', () => {
    const middle = data.length / 2;
    const edited = Buffer.concat([data.subarray(0, middle), Buffer.from('inserted by a user, 38 bytes long....'), data.subarray(middle)]);
    const before = chunkHashes(data);
    const after = chunkHashes(edited);
    const known = new Set(before);
    const changed = after.filter((h) => !known.has(h));
    expect(after.length).toBeGreaterThan(100);
    expect(changed.length).toBeGreaterThanOrEqual(1);
    expect(changed.length).toBeLessThanOrEqual(3);
  });

  it('cuts the same whether the data arrives whole or in pieces', () => {
    const whole = chunkLengths(data, params);
    const chunker = new FastCdcChunker(params);
    const streamed: number[] = [];
    let start = 0;
    let available = 0;
    while (start < data.length) {
      available = Math.min(data.length, available + 12_345);
      const final = available === data.length;
      for (;;) {
        const cut = chunker.findCut(data.subarray(start), available - start, final);
        if (cut === 0) break;
        streamed.push(cut);
        start += cut;
        if (start === data.length) break;
      }
    }
    expect(streamed).toEqual(whole);
  });

  it('is deterministic across instances (the gear table is fixed)', () => {
    expect(chunkLengths(data.subarray(0, 1_000_000), params)).toEqual(chunkLengths(Buffer.from(data.subarray(0, 1_000_000)), params));
  });

  it('refuses parameters it cannot honour', () => {
    expect(() => chunkerParams({ avgSize: 1000 })).toThrow('power of two');
    expect(() => chunkerParams({ avgSize: 65536, minSize: 70000 })).toThrow('minSize');
  });
});
