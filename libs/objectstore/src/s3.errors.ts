import type { ErrorClassifier } from './store-call.runner';

/** What the AWS SDK's errors carry: the S3 error code as `name`, the HTTP status in `$metadata`. */
interface SdkErrorShape {
  name?: string;
  code?: string;
  $metadata?: { httpStatusCode?: number };
  $retryable?: unknown;
  retryable?: unknown;
  cause?: unknown;
}

const NETWORK_CODES = new Set([
  'ECONNREFUSED', 'ECONNRESET', 'ECONNABORTED', 'ETIMEDOUT', 'EPIPE', 'EAI_AGAIN', 'EHOSTUNREACH', 'ENETUNREACH',
  'ENETDOWN', 'ENOTFOUND', 'ERR_SOCKET_CONNECTION_TIMEOUT', 'UND_ERR_SOCKET',
]);
const NETWORK_CODE_IN_MESSAGE = new RegExp(`\\b(${[...NETWORK_CODES].join('|')})\\b`);

const TRANSIENT_NAMES = new Set([
  // throttling
  'SlowDown', 'Throttling', 'ThrottlingException', 'TooManyRequestsException', 'RequestLimitExceeded',
  'RequestThrottled', 'RequestThrottledException', 'ProvisionedThroughputExceededException',
  // timeouts and server trouble
  'TimeoutError', 'RequestTimeout', 'RequestTimeoutException', 'InternalError', 'ServiceUnavailable',
  // another conditional write to the key was in flight; AWS asks to retry
  'ConditionalRequestConflict',
  // the bytes were damaged on the way: sending them again normally succeeds
  'BadDigest', 'InvalidDigest', 'XAmzContentChecksumMismatch', 'XAmzContentSHA256Mismatch',
]);

/** Network errors, timeouts, 5xx and throttling are retried; other 4xx (not found included) are not. */
export const s3ErrorClassifier: ErrorClassifier = {
  isRetryable: (error) => isTransientS3Error(error),
  refusalHint: (error) => s3RefusalHint(error),
};

export function isTransientS3Error(error: unknown, depth = 0): boolean {
  if (typeof error !== 'object' || error === null || depth > 4) return false;
  const e = error as SdkErrorShape;
  if (typeof e.retryable === 'boolean') return e.retryable;
  if ((e.name && TRANSIENT_NAMES.has(e.name)) || (e.code && (NETWORK_CODES.has(e.code) || TRANSIENT_NAMES.has(e.code)))) {
    return true;
  }
  const status = httpStatus(error);
  if (status !== undefined) return status >= 500 || status === 429 || status === 408;
  if (e.$retryable) return true;
  // The SDK turns what does not look like an Error to it (e.g. an Error from another realm, as in Jest) into
  // `new Error("AWS SDK error wrapper for <error>")`: only the message keeps the network error code.
  const message = (error as { message?: unknown }).message;
  if (typeof message === 'string' && NETWORK_CODE_IN_MESSAGE.test(message)) return true;
  return isTransientS3Error(e.cause, depth + 1);
}


export function httpStatus(error: unknown): number | undefined {
  return (error as SdkErrorShape | null)?.$metadata?.httpStatusCode;
}

export function s3ErrorName(error: unknown): string | undefined {
  return (error as SdkErrorShape | null)?.name;
}

function s3RefusalHint(error: unknown): string | undefined {
  const status = httpStatus(error);
  switch (s3ErrorName(error)) {
    case 'InvalidAccessKeyId':
    case 'SignatureDoesNotMatch':
    case 'AuthorizationHeaderMalformed':
      return 'Check the access key id, the secret access key and the region given to the store.';
    case 'AccessDenied':
      return 'The credentials are valid but may not do this: allow s3:GetObject, s3:PutObject, s3:DeleteObject and s3:ListBucket on the bucket and prefix.';
    case 'NoSuchBucket':
      return 'Create the bucket, or fix the bucket name (and forcePathStyle for servers that need it).';
    case 'PermanentRedirect':
      return 'The bucket is in another region: set the region (or endpoint) the bucket lives in.';
    default:
      return status !== undefined && status >= 400 && status < 500
        ? 'The server refused the request: check the endpoint, region, bucket and prefix settings.'
        : undefined;
  }
}
