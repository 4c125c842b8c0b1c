import { ConflictError, InvalidInputError, NotFoundError, TandemError, UnavailableError } from '@tandem/contracts';
import { toHttpError } from './http-error.mapper';

describe("Tandem's errors at the HTTP edge", () => {
  it('carry code, retryable and cause', () => {
    const cause = new Error('ECONNREFUSED');
    const error = new UnavailableError('the database is not reachable', { cause });
    expect(error).toBeInstanceOf(TandemError);
    expect(error).toMatchObject({ name: 'UnavailableError', code: 'unavailable', retryable: true, cause });
    expect(new NotFoundError('no such app', { code: 'app-not-found' })).toMatchObject({ code: 'app-not-found', retryable: false });
  });

  it.each([
    [new NotFoundError('a'), 404],
    [new ConflictError('b'), 409],
    [new InvalidInputError('c'), 400],
    [new UnavailableError('d'), 503],
    [new TandemError('e', { code: 'stale-epoch', retryable: false }), 500],
    [new TandemError('f', { code: 'busy', retryable: true }), 503],
  ])('%p answers %i', (error, status) => {
    expect(toHttpError(error)).toMatchObject({ status, body: { error: error.code, message: error.message } });
  });

  it('hides the message of an unknown error', () => {
    expect(toHttpError(new Error('password=hunter2'))).toEqual({
      status: 500,
      body: { error: 'internal', message: 'internal error: the service could not handle this request; its log has the details' },
      unexpected: true,
    });
  });
});
