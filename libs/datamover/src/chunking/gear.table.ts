import { createHash } from 'node:crypto';

/**
 * The gear table of the rolling hash: 256 pseudo-random 32-bit words, derived from SHA-256 so that it is
 * reproducible without a 256-entry literal. Changing it changes every cut point: it is part of the on-store
 * format (`fastcdc-gear32-nc2-v1`).
 */
export const GEAR: Int32Array = (() => {
  const table = new Int32Array(256);
  for (let i = 0; i < 256; i++) {
    table[i] = createHash('sha256').update(`tandem-fastcdc-gear-${i}`).digest().readInt32BE(0);
  }
  return table;
})();
