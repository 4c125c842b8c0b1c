import { context, propagation, trace } from '@opentelemetry/api';
import { W3CTraceContextPropagator } from '@opentelemetry/core';
import { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-http';
import { resourceFromAttributes } from '@opentelemetry/resources';
import { BatchSpanProcessor, NodeTracerProvider, SimpleSpanProcessor, type SpanProcessor } from '@opentelemetry/sdk-trace-node';
import { ATTR_SERVICE_NAME } from '@opentelemetry/semantic-conventions';
import { SpansFileExporter } from './spans-file.exporter';

export interface TracingOptions {
  /** `service.name` of every span of this process. */
  service: string;
  /** OTLP/HTTP collector, e.g. `http://localhost:4318` (`/v1/traces` is appended unless present). */
  otlpEndpoint?: string;
  /** Append every finished span as a JSON line to this file (see `readSpansFile`). */
  spansFile?: string;
}

export interface TracingHandle {
  /** Flushes pending spans, then unregisters tracing so that `initTracing` may be called again. */
  shutdown(): Promise<void>;
}

let activeService: string | undefined;

/**
 * Registers tracing for this process: call it first in main.ts, before Nest and anything that makes spans.
 * Context flows through async calls (AsyncLocalStorage) and crosses processes as W3C trace context. With neither
 * `otlpEndpoint` nor `spansFile` spans are still created (logs carry trace ids) but exported nowhere.
 */
export function initTracing(options: TracingOptions): TracingHandle {
  if (activeService !== undefined) {
    throw new Error(
      `initTracing("${options.service}"): tracing is already initialised in this process for "${activeService}"; ` +
        'call shutdown() on the first handle before initialising again',
    );
  }
  const spanProcessors: SpanProcessor[] = [];
  if (options.otlpEndpoint) {
    spanProcessors.push(new BatchSpanProcessor(new OTLPTraceExporter({ url: otlpTracesUrl(options.otlpEndpoint) })));
  }
  if (options.spansFile) {
    // Simple, not batched: a span is in the file as soon as it ended, which is what a test or the quick start reads.
    spanProcessors.push(new SimpleSpanProcessor(new SpansFileExporter(options.spansFile)));
  }
  const provider = new NodeTracerProvider({
    resource: resourceFromAttributes({ [ATTR_SERVICE_NAME]: options.service }),
    spanProcessors,
  });
  // contextManager left undefined = the SDK's default for Node, AsyncLocalStorageContextManager.
  provider.register({ propagator: new W3CTraceContextPropagator() });
  activeService = options.service;

  let stopping: Promise<void> | undefined;
  return {
    shutdown() {
      stopping ??= provider.shutdown().finally(() => {
        trace.disable();
        context.disable();
        propagation.disable();
        activeService = undefined;
      });
      return stopping;
    },
  };
}

function otlpTracesUrl(endpoint: string): string {
  let url: URL;
  try {
    url = new URL(endpoint);
  } catch {
    throw new Error(`initTracing: otlpEndpoint "${endpoint}" is not a URL; expected e.g. http://localhost:4318`);
  }
  if (!url.pathname.endsWith('/v1/traces')) url.pathname = `${url.pathname.replace(/\/$/, '')}/v1/traces`;
  return url.toString();
}
