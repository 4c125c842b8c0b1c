import { randomBytes } from 'node:crypto';

const MAX_PREFIX_LENGTH = 24;
const SUFFIX_LENGTH = 10;

/**
 * A short, lowercase, unique name such as `orders_k3j9x0a2qz`: only [a-z0-9_], starting with a letter, at most
 * 35 characters. Safe as a NATS stream name, a subject token, a consumer name and an unquoted Postgres
 * identifier, so tests running side by side on one broker or server never see each other's data.
 */
export function uniqueName(prefix: string): string {
  const base = prefix
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '_')
    .replace(/^_+|_+$/g, '')
    .slice(0, MAX_PREFIX_LENGTH)
    .replace(/_+$/, '');
  const head = /^[a-z]/.test(base) ? base : `t${base}`;
  return `${head}_${randomSuffix()}`;
}

function randomSuffix(): string {
  const n = randomBytes(8).readBigUInt64BE() % 36n ** BigInt(SUFFIX_LENGTH);
  return n.toString(36).padStart(SUFFIX_LENGTH, '0');
}
