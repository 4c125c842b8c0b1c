import type { ResourceProblem } from '@tandem/resources';
import type { Endpoint } from '../config/tandemctl.config';
import { serviceEnv, serviceTitle } from '../config/services';

/** The service did not answer at all: says which URL was tried, where it came from, and what to set. */
export class ServiceUnreachableError extends Error {
  constructor(
    readonly endpoint: Endpoint,
    readonly reason: string,
  ) {
    const { service, url, source } = endpoint;
    const title = serviceTitle(service);
    super(
      `cannot reach the ${title} at ${url} (${reason}; the URL is ${source === 'the default' ? 'the default' : `from ${source}`}). ` +
        `Start the ${title}, or point tandemctl at it with --${service}-url, ${serviceEnv(service)} or "${service}:" in a context of the config file`,
    );
  }
}

/** What a Tandem service answers when it refuses a request. */
export interface ErrorBody {
  error?: string;
  message?: string;
  problems?: ResourceProblem[];
}

/** The service answered with an error status. */
export class ServiceAnswerError extends Error {
  constructor(
    readonly endpoint: Endpoint,
    readonly status: number,
    readonly body: ErrorBody,
  ) {
    super(body.message ?? `the ${serviceTitle(endpoint.service)} answered ${status}`);
  }

  get code(): string | undefined {
    return this.body.error;
  }
}

/** `ECONNREFUSED` → "connection refused": the reason of a failed fetch, in words. */
export function unreachableReason(error: unknown, timeoutMs: number): string {
  if (error instanceof Error && (error.name === 'TimeoutError' || error.name === 'AbortError')) return `no answer within ${timeoutMs / 1000} s`;
  const cause = (error as { cause?: { code?: string; message?: string } }).cause;
  switch (cause?.code) {
    case 'ECONNREFUSED':
      return 'connection refused';
    case 'ENOTFOUND':
    case 'EAI_AGAIN':
      return 'host not found';
    case 'ECONNRESET':
      return 'connection reset';
    case 'EHOSTUNREACH':
    case 'ENETUNREACH':
      return 'host unreachable';
    default:
      return cause?.message ?? (error instanceof Error ? error.message : String(error));
  }
}
