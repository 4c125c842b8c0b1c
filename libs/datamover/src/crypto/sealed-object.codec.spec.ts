import { randomBytes } from 'node:crypto';
import { openObject, OpenFailure, sealObject } from './sealed-object.codec';

const key = randomBytes(32);
const base = { key, kind: 'C' as const, context: 'a'.repeat(64), compressionLevel: 3, minSavings: 0.05 };

describe('sealed objects', () => {
  it('round-trips, compressing only when it saves at least 5 %', async () => {
    const text = Buffer.from('tandem '.repeat(10_000));
    const random = randomBytes(100_000);
    const a = await sealObject(text, base);
    const b = await sealObject(random, base);
    expect(a.compressed).toBe(true);
    expect(a.blob.length).toBeLessThan(text.length / 10);
    expect(b.compressed).toBe(false);
    expect(await openObject(a.blob, base)).toEqual(text);
    expect(await openObject(b.blob, base)).toEqual(random);
  });

  it('uses a fresh nonce each time', async () => {
    const data = Buffer.from('same');
    const [x, y] = await Promise.all([sealObject(data, base), sealObject(data, base)]);
    expect(x.blob.equals(y.blob)).toBe(false);
  });

  it('refuses a flipped byte, a truncation, another context or another key', async () => {
    const { blob } = await sealObject(randomBytes(1000), base);
    const flipped = Buffer.from(blob);
    flipped[100] = (flipped[100] as number) ^ 1;
    await expect(openObject(flipped, base)).rejects.toThrow(OpenFailure);
    await expect(openObject(blob.subarray(0, blob.length - 3), base)).rejects.toThrow('authentication failed');
    await expect(openObject(blob, { ...base, context: 'b'.repeat(64) })).rejects.toThrow('authentication failed');
    await expect(openObject(blob, { ...base, key: randomBytes(32) })).rejects.toThrow('authentication failed');
    await expect(openObject(blob, { ...base, kind: 'M' })).rejects.toThrow('not a manifest envelope');
    await expect(openObject(Buffer.from('garbage'), base)).rejects.toThrow('shorter than an empty envelope');
  });
});
