import { errors } from '@nats-io/nats-core';
import { JetStreamApiError } from '@nats-io/jetstream';
import { isTransientNatsError, isWrongLastSequence, natsErrorClassifier } from './nats.errors';

function apiError(code: number, errCode: number, description = 'x'): Error {
  return new JetStreamApiError({ code, err_code: errCode, description });
}

/** What the JetStream client throws (its class is not exported): "not enabled", with the reason as cause. */
function jetStreamNotEnabled(cause: Error): Error {
  return Object.assign(new Error('jetstream is not enabled', { cause }), { name: 'JetStreamNotEnabled' });
}

describe('NATS error classification', () => {
  it('retries timeouts, missing responders and JetStream 5xx', () => {
    expect(isTransientNatsError(new errors.TimeoutError())).toBe(true);
    expect(isTransientNatsError(new errors.NoRespondersError('$JS.API.STREAM.INFO.OBJ_x'))).toBe(true);
    expect(isTransientNatsError(new errors.RequestError('failed', { cause: new errors.TimeoutError() }))).toBe(true);
    expect(isTransientNatsError(apiError(503, 10008, 'JetStream system temporarily unavailable'))).toBe(true);
    const noResponders = new errors.RequestError('no responders', { cause: new errors.NoRespondersError('$JS.API.INFO') });
    expect(isTransientNatsError(jetStreamNotEnabled(noResponders))).toBe(true);
  });

  it('does not retry a closed connection, a permission error or a JetStream 4xx', () => {
    expect(isTransientNatsError(new errors.ClosedConnectionError())).toBe(false);
    expect(isTransientNatsError(new errors.PermissionViolationError('denied', 'publish', '$O.x.>'))).toBe(false);
    expect(isTransientNatsError(apiError(400, 10071, 'wrong last sequence: 3'))).toBe(false);
    expect(isTransientNatsError(jetStreamNotEnabled(apiError(400, 10039, 'jetstream not enabled for account')))).toBe(false);
  });

  it('recognises a lost race on the expected revision', () => {
    expect(isWrongLastSequence(apiError(400, 10071, 'wrong last sequence: 3'))).toBe(true);
    expect(isWrongLastSequence(apiError(503, 10008))).toBe(false);
  });

  it('says what to fix for refusals', () => {
    const classifier = natsErrorClassifier('chunks');
    expect(classifier.refusalHint(new errors.ClosedConnectionError())).toMatch(/open a new connection/);
    expect(classifier.refusalHint(new errors.PermissionViolationError('denied', 'publish', '$O.x.>'))).toMatch(/\$O\.chunks\.>/);
    expect(classifier.refusalHint(apiError(400, 10047, 'insufficient resources'))).toMatch(/OBJ_chunks/);
  });
});
