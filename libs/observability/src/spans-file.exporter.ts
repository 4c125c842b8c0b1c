import { appendFileSync, readFileSync } from 'node:fs';
import { type Attributes, SpanKind, SpanStatusCode } from '@opentelemetry/api';
import { type ExportResult, ExportResultCode, hrTimeToMilliseconds } from '@opentelemetry/core';
import type { ReadableSpan, SpanExporter } from '@opentelemetry/sdk-trace-node';

/** One finished span, as one JSON line of a spans file. Times are milliseconds since the epoch. */
export interface SpanRecord {
  traceId: string;
  spanId: string;
  parentSpanId?: string;
  name: string;
  service: string;
  kind: 'internal' | 'server' | 'client' | 'producer' | 'consumer';
  startMs: number;
  endMs: number;
  attributes: Attributes;
  status: { code: 'unset' | 'ok' | 'error'; message?: string };
  events?: Array<{ name: string; timeMs: number; attributes?: Attributes }>;
}

const KINDS: Record<SpanKind, SpanRecord['kind']> = {
  [SpanKind.INTERNAL]: 'internal',
  [SpanKind.SERVER]: 'server',
  [SpanKind.CLIENT]: 'client',
  [SpanKind.PRODUCER]: 'producer',
  [SpanKind.CONSUMER]: 'consumer',
};

const STATUSES: Record<SpanStatusCode, SpanRecord['status']['code']> = {
  [SpanStatusCode.UNSET]: 'unset',
  [SpanStatusCode.OK]: 'ok',
  [SpanStatusCode.ERROR]: 'error',
};

export function toSpanRecord(span: ReadableSpan): SpanRecord {
  const { traceId, spanId } = span.spanContext();
  const service = span.resource.attributes['service.name'];
  return {
    traceId,
    spanId,
    ...(span.parentSpanContext ? { parentSpanId: span.parentSpanContext.spanId } : {}),
    name: span.name,
    service: typeof service === 'string' ? service : 'unknown',
    kind: KINDS[span.kind],
    startMs: hrTimeToMilliseconds(span.startTime),
    endMs: hrTimeToMilliseconds(span.endTime),
    attributes: span.attributes,
    status: { code: STATUSES[span.status.code], ...(span.status.message ? { message: span.status.message } : {}) },
    ...(span.events.length > 0
      ? { events: span.events.map((e) => ({ name: e.name, timeMs: hrTimeToMilliseconds(e.time), ...(e.attributes ? { attributes: e.attributes } : {}) })) }
      : {}),
  };
}

/**
 * Appends each finished span as a JSON line to a file. Lines are appended whole in one write each, so several
 * processes (the services of a lab site) can share one file.
 */
export class SpansFileExporter implements SpanExporter {
  constructor(private readonly path: string) {}

  export(spans: ReadableSpan[], resultCallback: (result: ExportResult) => void): void {
    try {
      const text = spans.map((span) => `${JSON.stringify(toSpanRecord(span))}\n`).join('');
      if (text) appendFileSync(this.path, text);
      resultCallback({ code: ExportResultCode.SUCCESS });
    } catch (error) {
      const reason = error instanceof Error ? error : new Error(String(error));
      resultCallback({ code: ExportResultCode.FAILED, error: new Error(`cannot append spans to ${this.path}: ${reason.message}`) });
    }
  }

  async shutdown(): Promise<void> {}

  async forceFlush(): Promise<void> {}
}

/** The spans written to a spans file so far, oldest first; none if the file does not exist yet. */
export function readSpansFile(path: string): SpanRecord[] {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw error;
  }
  const records: SpanRecord[] = [];
  text.split('\n').forEach((line, index) => {
    if (line.trim() === '') return;
    try {
      records.push(JSON.parse(line) as SpanRecord);
    } catch {
      throw new Error(`${path}:${index + 1} is not a span record (expected one JSON object per line): ${line.slice(0, 120)}`);
    }
  });
  return records;
}
