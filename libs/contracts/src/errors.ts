export interface TandemErrorOptions {
  /** Stable machine-readable code, e.g. `snapshot-not-found`. Defaults to the class's code. */
  code?: string;
  cause?: unknown;
}

/**
 * Base of Tandem's expected failures. `code` is stable and machine-readable, `message` is written for the user
 * who reads it, `retryable` says whether the same request may succeed later (a bus consumer naks it, an HTTP
 * client may retry). The edge maps the subclasses to status codes; domain code never throws HTTP exceptions. Every lib shares this one hierarchy.
 */
export class TandemError extends Error {
  readonly code: string;
  readonly retryable: boolean;

  constructor(message: string, options: { code: string; retryable?: boolean; cause?: unknown }) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = new.target.name;
    this.code = options.code;
    this.retryable = options.retryable ?? false;
  }
}

/** The thing asked for does not exist (HTTP 404). */
export class NotFoundError extends TandemError {
  constructor(message: string, options: TandemErrorOptions = {}) {
    super(message, { code: options.code ?? 'not-found', cause: options.cause, retryable: false });
  }
}

/** The request contradicts the current state, e.g. it already exists or is in use (HTTP 409). */
export class ConflictError extends TandemError {
  constructor(message: string, options: TandemErrorOptions = {}) {
    super(message, { code: options.code ?? 'conflict', cause: options.cause, retryable: false });
  }
}

/** The request itself is wrong; the message says what to change (HTTP 400). */
export class InvalidInputError extends TandemError {
  constructor(message: string, options: TandemErrorOptions = {}) {
    super(message, { code: options.code ?? 'invalid-input', cause: options.cause, retryable: false });
  }
}

/** A dependency (database, bus, peer site) is unavailable right now; trying again later may work (HTTP 503). */
export class UnavailableError extends TandemError {
  constructor(message: string, options: TandemErrorOptions = {}) {
    super(message, { code: options.code ?? 'unavailable', cause: options.cause, retryable: true });
  }
}
