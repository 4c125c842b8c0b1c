import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SpanKind } from '@opentelemetry/api';
import { readSpansFile } from './spans-file.exporter';
import { currentTraceparent, extractTraceContext, injectTraceContext, withSpan } from './trace-context';
import { initTracing, type TracingHandle } from './tracing';

describe('tracing to a spans file', () => {
  let dir: string;
  let spansFile: string;
  let tracing: TracingHandle;

  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'tandem-spans-'));
    spansFile = join(dir, 'spans.jsonl');
    tracing = initTracing({ service: 'coordinator', spansFile });
  });
  afterAll(async () => {
    await tracing.shutdown();
    rmSync(dir, { recursive: true, force: true });
  });

  it('records parent and child spans with their linkage, and one trace across an inject → extract hop', async () => {
    const headers: Record<string, string> = {};
    await withSpan('saga protect', { 'tandem.app': 'shop' }, async () => {
      await withSpan('publish snapshot.take', {}, () => injectTraceContext(headers), { kind: SpanKind.PRODUCER });
    });
    expect(headers['traceparent']).toMatch(/^00-[0-9a-f]{32}-[0-9a-f]{16}-01$/);

    // The other side of the bus: only the headers travel (names may arrive in another case).
    const received = { Traceparent: headers['traceparent'] };
    await withSpan('handle snapshot.take', {}, async () => undefined, { parent: extractTraceContext(received), kind: SpanKind.CONSUMER });

    const spans = readSpansFile(spansFile);
    const byName = new Map(spans.map((s) => [s.name, s]));
    const saga = byName.get('saga protect');
    const publish = byName.get('publish snapshot.take');
    const handle = byName.get('handle snapshot.take');
    expect(saga).toMatchObject({ service: 'coordinator', kind: 'internal', attributes: { 'tandem.app': 'shop' }, status: { code: 'unset' } });
    expect(saga?.parentSpanId).toBeUndefined();
    expect(publish).toMatchObject({ parentSpanId: saga?.spanId, kind: 'producer' });
    expect(handle).toMatchObject({ parentSpanId: publish?.spanId, kind: 'consumer' });
    expect(new Set([saga, publish, handle].map((s) => s?.traceId)).size).toBe(1);
    expect(saga!.endMs).toBeGreaterThanOrEqual(saga!.startMs);
  });

  it('records an exception on the span, marks it as an error and rethrows', async () => {
    await expect(withSpan('failing step', {}, () => Promise.reject(new Error('volume busy')))).rejects.toThrow('volume busy');
    const span = readSpansFile(spansFile).find((s) => s.name === 'failing step');
    expect(span?.status).toEqual({ code: 'error', message: 'volume busy' });
    expect(span?.events?.[0]).toMatchObject({ name: 'exception', attributes: { 'exception.message': 'volume busy' } });
  });

  it('keeps the context across awaits, and has no traceparent outside a span', async () => {
    expect(currentTraceparent()).toBeUndefined();
    await withSpan('outer', {}, async (span) => {
      await new Promise((resolve) => setTimeout(resolve, 5));
      expect(currentTraceparent()).toContain(span.spanContext().spanId);
    });
  });

  it('starts a new trace when the carrier has no trace context', async () => {
    const ctx = extractTraceContext({});
    const traceId = await withSpan('orphan', {}, (span) => span.spanContext().traceId, { parent: ctx });
    const span = readSpansFile(spansFile).find((s) => s.name === 'orphan');
    expect(span).toMatchObject({ traceId });
    expect(span?.parentSpanId).toBeUndefined();
  });

  it('refuses a second initialisation until the first is shut down', () => {
    expect(() => initTracing({ service: 'other' })).toThrow('already initialised in this process for "coordinator"');
  });

  it('reads back nothing from a file that does not exist yet, and says which line is broken', () => {
    expect(readSpansFile(join(dir, 'none.jsonl'))).toEqual([]);
    const broken = join(dir, 'broken.jsonl');
    writeFileSync(broken, '{"traceId":"a"}\n{not json\n');
    expect(() => readSpansFile(broken)).toThrow(`${broken}:2 is not a span record (expected one JSON object per line): {not json`);
  });
});
