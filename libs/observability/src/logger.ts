import type { LoggerService } from '@nestjs/common';
import { isSpanContextValid, trace } from '@opentelemetry/api';

/** Severity, lowest first. Nest's `log` is `info`; Nest's `verbose` is below `debug`. */
export const LOG_LEVELS = ['verbose', 'debug', 'info', 'warn', 'error', 'fatal'] as const;
export type JsonLogLevel = (typeof LOG_LEVELS)[number];

/** Extra structured fields of one log line. Errors anywhere inside are serialised with message, code and stack. */
export type LogFields = Record<string, unknown>;

export interface LogSink {
  write(line: string): unknown;
}

export interface JsonLoggerOptions {
  /** Value of the `service` field of every line. */
  service: string;
  /** Lines below this level are dropped. Default `info`. */
  level?: JsonLogLevel;
  /** `context` field of every line unless a call names another. */
  context?: string;
  /** Fields added to every line. */
  fields?: LogFields;
  /** Where lines go. Default `process.stdout`. */
  sink?: LogSink;
  /** Clock, for tests. Default `() => new Date()`. */
  now?: () => Date;
}

/**
 * One JSON object per line: `time`, `level`, `service`, `msg`, `context`, `trace_id`/`span_id` of the active
 * OpenTelemetry span, then the extra fields. Usable as Nest's logger and as Tandem's structured logger.
 */
export class JsonLogger implements LoggerService {
  private readonly minimum: number;

  constructor(private readonly options: JsonLoggerOptions) {
    const level = options.level ?? 'info';
    if (!LOG_LEVELS.includes(level)) {
      throw new Error(`JsonLogger: unknown level "${String(level)}"; use one of ${LOG_LEVELS.join(', ')}`);
    }
    this.minimum = LOG_LEVELS.indexOf(level);
  }

  /** A logger writing to the same place with another `context` and more fixed fields. */
  child(context: string, fields?: LogFields): JsonLogger {
    return new JsonLogger({ ...this.options, context, fields: { ...this.options.fields, ...fields } });
  }

  isLevelEnabled(level: JsonLogLevel): boolean {
    return LOG_LEVELS.indexOf(level) >= this.minimum;
  }

  info(msg: string, fields?: LogFields): void {
    this.write('info', msg, fields);
  }

  // The methods below serve both Tandem's style `(msg, fields?)` and Nest's `(message, ...[stack], context?)`.
  log(message: unknown, ...params: unknown[]): void {
    this.fromNest('info', message, params);
  }

  warn(message: unknown, ...params: unknown[]): void {
    this.fromNest('warn', message, params);
  }

  error(message: unknown, ...params: unknown[]): void {
    this.fromNest('error', message, params, true);
  }

  debug(message: unknown, ...params: unknown[]): void {
    this.fromNest('debug', message, params);
  }

  verbose(message: unknown, ...params: unknown[]): void {
    this.fromNest('verbose', message, params);
  }

  fatal(message: unknown, ...params: unknown[]): void {
    this.fromNest('fatal', message, params, true);
  }

  private fromNest(level: JsonLogLevel, message: unknown, params: unknown[], mayHaveStack = false): void {
    if (!this.isLevelEnabled(level)) return;
    const fields: LogFields = {};
    const strings: string[] = [];
    for (const param of params) {
      if (typeof param === 'string') strings.push(param);
      else if (param instanceof Error) fields['err'] = param;
      else if (isPlainObject(param)) Object.assign(fields, param);
      else if (param !== undefined) fields['params'] = [...asArray(fields['params']), param];
    }
    // Nest passes the context last and, for errors, the stack before it (or the stack alone).
    if (mayHaveStack && strings.length === 1 && looksLikeStack(strings[0] ?? '')) fields['stack'] = strings.pop();
    if (strings.length > 0) fields['context'] = strings.pop();
    if (mayHaveStack && strings.length > 0) fields['stack'] = strings.pop();
    if (strings.length > 0) fields['params'] = [...asArray(fields['params']), ...strings];
    if (message instanceof Error) {
      fields['err'] = message;
      this.write(level, message.message, fields);
    } else if (typeof message === 'string') {
      this.write(level, message, fields);
    } else {
      this.write(level, safeText(message), { ...fields, value: message });
    }
  }

  private write(level: JsonLogLevel, msg: string, fields?: LogFields): void {
    if (!this.isLevelEnabled(level)) return;
    const { context: ownContext, ...rest } = { ...this.options.fields, ...fields };
    const context = typeof ownContext === 'string' ? ownContext : this.options.context;
    const time = (this.options.now ?? (() => new Date()))().toISOString();
    const { service } = this.options;
    // The core fields come first and cannot be overwritten by extra fields of the same name.
    const line: LogFields = {
      time,
      level,
      service,
      msg,
      ...(context === undefined ? {} : { context }),
      ...activeTraceIds(),
      ...rest,
    };
    Object.assign(line, { time, level, service, msg });
    (this.options.sink ?? process.stdout).write(`${stringify(line)}\n`);
  }
}

export function createLogger(service: string, options: Omit<JsonLoggerOptions, 'service'> = {}): JsonLogger {
  return new JsonLogger({ ...options, service });
}

/** `{ message, name, code, stack, cause }` of an error, for logs. */
export function serializeError(error: Error, depth = 0): Record<string, unknown> {
  const { code, retryable } = error as Error & { code?: unknown; retryable?: unknown };
  const cause = (error as Error & { cause?: unknown }).cause;
  return {
    name: error.name,
    message: error.message,
    ...(code === undefined ? {} : { code }),
    ...(retryable === undefined ? {} : { retryable }),
    stack: error.stack,
    ...(cause === undefined ? {} : { cause: cause instanceof Error && depth < 5 ? serializeError(cause, depth + 1) : cause }),
  };
}

function activeTraceIds(): { trace_id?: string; span_id?: string } {
  const spanContext = trace.getActiveSpan()?.spanContext();
  if (!spanContext || !isSpanContextValid(spanContext)) return {};
  return { trace_id: spanContext.traceId, span_id: spanContext.spanId };
}

function stringify(line: LogFields): string {
  const replacer = (_key: string, value: unknown): unknown => {
    if (value instanceof Error) return serializeError(value);
    if (typeof value === 'bigint') return value.toString();
    return value;
  };
  try {
    return JSON.stringify(line, replacer);
  } catch (error) {
    // A circular structure must not cost us the line itself.
    const { time, level, service, msg, context, trace_id, span_id } = line;
    const reason = error instanceof Error ? error.message : String(error);
    return JSON.stringify({ time, level, service, msg, context, trace_id, span_id, log_error: `fields dropped: ${reason}` });
  }
}

function isPlainObject(value: unknown): value is LogFields {
  if (typeof value !== 'object' || value === null) return false;
  const proto: unknown = Object.getPrototypeOf(value);
  return proto === Object.prototype || proto === null;
}

function looksLikeStack(text: string): boolean {
  return /\n\s+at /.test(text);
}

function asArray(value: unknown): unknown[] {
  return Array.isArray(value) ? value : [];
}

function safeText(value: unknown): string {
  if (typeof value === 'object' && value !== null) {
    try {
      return JSON.stringify(value);
    } catch {
      return Object.prototype.toString.call(value);
    }
  }
  return String(value);
}
