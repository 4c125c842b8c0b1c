import { createHash } from 'node:crypto';
import { sagaRefKey, type SagaRef } from '@tandem/contracts';

const MAX_ID = 200;

/**
 * A deterministic message id from its parts, so the same answer written twice is one message (outbox, JetStream
 * de-duplication, the receiver's inbox). Ids past the envelope's 200 characters are shortened to a hash.
 */
export function derivedId(...parts: string[]): string {
  const id = parts.join('/');
  return id.length <= MAX_ID ? id : `h/${createHash('sha256').update(id).digest('hex')}`;
}

/** The id of the answer to a command: per saga attempt when a saga asked, else per request. */
export const answerId = (sagaRef: SagaRef | undefined, ...fallback: string[]): string =>
  sagaRef ? derivedId(sagaRefKey(sagaRef), 'answer') : derivedId(...fallback, 'answer');
