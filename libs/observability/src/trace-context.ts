import {
  type Attributes,
  type Context,
  type Span,
  type SpanKind,
  type TextMapGetter,
  context,
  defaultTextMapSetter,
  ROOT_CONTEXT,
  SpanStatusCode,
  trace,
} from '@opentelemetry/api';
import { W3CTraceContextPropagator } from '@opentelemetry/core';

/** Name of the tracer of all Tandem spans. */
export const TANDEM_TRACER = 'tandem';

// W3C trace context is Tandem's only propagation format (HTTP headers and NATS headers alike). It is used
// directly rather than through the global propagator, so that a carrier gets the same headers whether or not
// `initTracing` ran in this process.
const propagator = new W3CTraceContextPropagator();

const caseInsensitiveGetter: TextMapGetter<Record<string, string | undefined>> = {
  keys: (carrier) => Object.keys(carrier),
  get(carrier, key) {
    const exact = carrier[key];
    if (exact !== undefined) return exact;
    const found = Object.keys(carrier).find((name) => name.toLowerCase() === key);
    return found === undefined ? undefined : carrier[found];
  },
};

/** Writes `traceparent` (and `tracestate` if any) of `ctx` (default: the active context) into `carrier`. */
export function injectTraceContext(carrier: Record<string, string>, ctx: Context = context.active()): void {
  propagator.inject(ctx, carrier, defaultTextMapSetter);
}

/**
 * The context carried by `carrier` (header names match case-insensitively). Without a valid `traceparent` it is
 * the root context, so a span started in it begins a new trace.
 */
export function extractTraceContext(carrier: Record<string, string | undefined>): Context {
  return propagator.extract(ROOT_CONTEXT, carrier, caseInsensitiveGetter);
}

/** `traceparent` of the active span, or undefined outside any span. */
export function currentTraceparent(): string | undefined {
  const carrier: Record<string, string> = {};
  injectTraceContext(carrier);
  return carrier['traceparent'];
}

export interface WithSpanOptions {
  /** Parent context (e.g. from `extractTraceContext`); default: the active context. */
  parent?: Context;
  kind?: SpanKind;
}

/**
 * Runs `fn` inside a new active span: logs and traces made in `fn` belong to it. An exception is recorded on the
 * span, which is marked as an error, and rethrown. The span always ends.
 */
export async function withSpan<T>(
  name: string,
  attributes: Attributes,
  fn: (span: Span) => Promise<T> | T,
  options: WithSpanOptions = {},
): Promise<T> {
  const tracer = trace.getTracer(TANDEM_TRACER);
  const parent = options.parent ?? context.active();
  return tracer.startActiveSpan(name, { attributes, ...(options.kind === undefined ? {} : { kind: options.kind }) }, parent, async (span) => {
    try {
      return await fn(span);
    } catch (error) {
      const exception = error instanceof Error ? error : new Error(String(error));
      span.recordException(exception);
      span.setStatus({ code: SpanStatusCode.ERROR, message: exception.message });
      throw error;
    } finally {
      span.end();
    }
  });
}
