import { createHash } from 'node:crypto';

/** Longest id the CloudEvents envelope takes. */
const MAX_ID = 200;

/**
 * A deterministic message id `<kind>/<part>/<part>…`: the same logical message always gets the same id, so publishing
 * it twice is a no-op (JetStream de-duplication, consumers' inbox). Too long (names may have 253 characters), the
 * parts are replaced by their SHA-256.
 */
export function messageId(kind: string, ...parts: string[]): string {
  const id = [kind, ...parts].join('/');
  return id.length <= MAX_ID ? id : `${kind}/${createHash('sha256').update(parts.join('/')).digest('hex')}`;
}
