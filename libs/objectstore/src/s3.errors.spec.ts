import { isTransientS3Error, s3ErrorClassifier } from './s3.errors';

function sdkError(name: string, status?: number): Error {
  return Object.assign(new Error(name), { name, $metadata: status === undefined ? {} : { httpStatusCode: status } });
}

describe('S3 error classification', () => {
  it.each([
    ['a refused connection', Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNREFUSED' })],
    ['a reset connection', Object.assign(new Error('socket hang up'), { code: 'ECONNRESET' })],
    ['a network error the SDK wrapped', new Error('AWS SDK error wrapper for Error: connect ECONNREFUSED 127.0.0.1:1')],
    ['a request timeout', sdkError('TimeoutError')],
    ['a 500', sdkError('InternalError', 500)],
    ['a 503 SlowDown', sdkError('SlowDown', 503)],
    ['throttling', sdkError('ThrottlingException', 400)],
    ['a 429', sdkError('TooManyRequests', 429)],
    ['bytes damaged on the way', sdkError('BadDigest', 400)],
    ['a concurrent conditional write', sdkError('ConditionalRequestConflict', 409)],
  ])('retries %s', (_what, error) => {
    expect(isTransientS3Error(error)).toBe(true);
  });

  it.each([
    ['a missing key', sdkError('NoSuchKey', 404)],
    ['a missing bucket', sdkError('NoSuchBucket', 404)],
    ['denied access', sdkError('AccessDenied', 403)],
    ['a bad signature', sdkError('SignatureDoesNotMatch', 403)],
    ['a failed precondition', sdkError('PreconditionFailed', 412)],
    ['an error flagged not retryable', Object.assign(new Error('x'), { retryable: false, code: 'ECONNREFUSED' })],
  ])('does not retry %s', (_what, error) => {
    expect(isTransientS3Error(error)).toBe(false);
  });

  it('says what to fix for refusals', () => {
    expect(s3ErrorClassifier.refusalHint(sdkError('InvalidAccessKeyId', 403))).toMatch(/access key id/);
    expect(s3ErrorClassifier.refusalHint(sdkError('NoSuchBucket', 404))).toMatch(/Create the bucket/);
    expect(s3ErrorClassifier.refusalHint(sdkError('AccessDenied', 403))).toMatch(/s3:PutObject/);
    expect(s3ErrorClassifier.refusalHint(new Error('a bug'))).toBeUndefined();
  });
});
