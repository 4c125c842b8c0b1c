import { HttpException } from '@nestjs/common';
import { ConflictError, InvalidInputError, NotFoundError, TandemError, UnavailableError } from '@tandem/contracts';

export interface HttpErrorBody {
  /** Machine-readable code: the error's `code`, e.g. `not-found`, `snapshot-not-found`, `invalid-input`. */
  error: string;
  message: string;
}

export interface HttpError {
  status: number;
  body: HttpErrorBody;
  /** True when the error is not one Tandem expected: it must be logged, and its details are not shown. */
  unexpected: boolean;
}

const CODES_BY_STATUS: Record<number, string> = {
  400: 'invalid-input',
  401: 'unauthenticated',
  403: 'forbidden',
  404: 'not-found',
  405: 'method-not-allowed',
  409: 'conflict',
  413: 'payload-too-large',
  415: 'unsupported-media-type',
  429: 'too-many-requests',
  503: 'unavailable',
};

/** Status and body for an error thrown while handling an HTTP request. */
export function toHttpError(error: unknown): HttpError {
  if (error instanceof TandemError) {
    const status = statusOf(error);
    return { status, body: { error: error.code, message: error.message }, unexpected: status === 500 };
  }
  if (error instanceof HttpException) {
    const status = error.getStatus();
    return { status, body: { error: codeOf(status), message: messageOf(error) }, unexpected: status >= 500 };
  }
  // Errors of Express's body parser (malformed JSON, body too large) carry a 4xx status and a message fit to show.
  const { status, expose, message } = (error ?? {}) as { status?: unknown; expose?: unknown; message?: unknown };
  if (typeof status === 'number' && status >= 400 && status < 500 && expose === true && typeof message === 'string') {
    return { status, body: { error: codeOf(status), message }, unexpected: false };
  }
  return {
    status: 500,
    body: { error: 'internal', message: 'internal error: the service could not handle this request; its log has the details' },
    unexpected: true,
  };
}

function statusOf(error: TandemError): number {
  if (error instanceof NotFoundError) return 404;
  if (error instanceof ConflictError) return 409;
  if (error instanceof InvalidInputError) return 400;
  if (error instanceof UnavailableError) return 503;
  return error.retryable ? 503 : 500;
}

function codeOf(status: number): string {
  return CODES_BY_STATUS[status] ?? `http-${status}`;
}

function messageOf(error: HttpException): string {
  const response = error.getResponse();
  if (typeof response === 'string') return response;
  const { message } = response as { message?: unknown };
  if (Array.isArray(message)) return message.map(String).join('; ');
  return typeof message === 'string' ? message : error.message;
}
