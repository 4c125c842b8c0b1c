import { randomBytes } from 'node:crypto';
import { compressible } from '../testing/volume.fixture';
import { looksIncompressible } from './entropy';

describe('looksIncompressible', () => {
  it('tells random data from text, zeros and small inputs', () => {
    expect(looksIncompressible(randomBytes(256 * 1024))).toBe(true);
    expect(looksIncompressible(compressible(256 * 1024))).toBe(false);
    expect(looksIncompressible(Buffer.alloc(256 * 1024))).toBe(false);
    expect(looksIncompressible(randomBytes(8000))).toBe(false); // too small to judge: zstd decides
    const half = Buffer.concat([compressible(128 * 1024), randomBytes(128 * 1024)]);
    expect(looksIncompressible(half)).toBe(false); // one sample is text
  });
});
