import { createHash } from 'node:crypto';
import { ChunkIdSet } from './chunk-id.table';
import { ChunkIndex } from './chunk-index';

const id = (n: number): string => createHash('sha256').update(`chunk ${n}`).digest('hex');

describe('ChunkIndex', () => {
  it('finds every chunk it was given, across many resizes, and nothing else', () => {
    const index = new ChunkIndex(16);
    for (let n = 0; n < 20_000; n++) {
      expect(index.put(id(n), { pack: `pack-${n % 7}`, offset: n * 10, length: n + 1, size: n * 2 })).toBe(true);
    }
    expect(index.size).toBe(20_000);
    for (let n = 0; n < 20_000; n += 97) expect(index.get(id(n))).toEqual({ pack: `pack-${n % 7}`, offset: n * 10, length: n + 1, size: n * 2 });
    expect(index.get(id(20_001))).toBeUndefined();
    expect(index.has(id(20_001))).toBe(false);
    expect(index.packs).toHaveLength(7);
  });

  it('keeps the first location as primary and the others of a chunk stored twice', () => {
    const index = new ChunkIndex();
    const a = { pack: 'a', offset: 4, length: 10, size: 8 };
    const b = { pack: 'b', offset: 40, length: 10, size: 8 };
    expect(index.put(id(1), a)).toBe(true);
    expect(index.put(id(1), b)).toBe(false);
    expect(index.put(id(1), b)).toBe(false);
    expect(index.get(id(1))).toEqual(a);
    expect(index.locations(id(1))).toEqual([a, b]);
    const raw = Buffer.from(id(1), 'hex');
    expect(index.primaryPack(raw, 0)).toBe('a');
    expect(index.hasBytes(raw, 0)).toBe(true);
  });

  it('ChunkIdSet adds ids as hex or raw bytes, once each', () => {
    const set = new ChunkIdSet(4);
    const raw = Buffer.concat([Buffer.from(id(1), 'hex'), Buffer.from(id(2), 'hex')]);
    expect(set.addBytes(raw, 32)).toBe(true);
    expect(set.add(id(2))).toBe(false);
    expect(set.add(id(1))).toBe(true);
    expect(set.size).toBe(2);
    expect(set.has(id(3))).toBe(false);
    expect(() => set.add('abc')).toThrow('not a chunk id');
  });
});
