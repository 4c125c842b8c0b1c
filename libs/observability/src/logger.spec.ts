import { createLogger, type JsonLoggerOptions } from './logger';
import { withSpan } from './trace-context';
import { initTracing, type TracingHandle } from './tracing';

function capture(options: Omit<JsonLoggerOptions, 'service' | 'sink'> = {}) {
  const lines: string[] = [];
  const logger = createLogger('snapshot', { ...options, sink: { write: (line) => lines.push(line) }, now: () => new Date('2030-01-02T03:04:05.000Z') });
  const records = () => lines.map((line) => JSON.parse(line) as Record<string, unknown>);
  return { logger, lines, records };
}

describe('JsonLogger', () => {
  let tracing: TracingHandle;
  beforeAll(() => {
    tracing = initTracing({ service: 'snapshot' });
  });
  afterAll(() => tracing.shutdown());

  it('writes one JSON object per line with time, level, service, msg, context and the extra fields', () => {
    const { logger, lines, records } = capture({ context: 'SnapshotService' });
    logger.info('snapshot taken', { app: 'shop', snapshotId: 'snap-1' });
    expect(lines).toHaveLength(1);
    expect(lines[0]?.endsWith('\n')).toBe(true);
    expect(records()[0]).toEqual({
      time: '2030-01-02T03:04:05.000Z',
      level: 'info',
      service: 'snapshot',
      msg: 'snapshot taken',
      context: 'SnapshotService',
      app: 'shop',
      snapshotId: 'snap-1',
    });
  });

  it('carries trace_id and span_id of the active span', async () => {
    const { logger, records } = capture();
    const ids = await withSpan('take snapshot', {}, (span) => {
      logger.info('inside');
      return span.spanContext();
    });
    logger.info('outside');
    const [inside, outside] = records();
    expect(inside).toMatchObject({ trace_id: ids.traceId, span_id: ids.spanId });
    expect(ids.traceId).toMatch(/^[0-9a-f]{32}$/);
    expect(outside).not.toHaveProperty('trace_id');
  });

  it('serialises errors with message, code and stack, including their cause', () => {
    const { logger, records } = capture();
    const cause = Object.assign(new Error('connection refused'), { code: 'ECONNREFUSED' });
    logger.error('upload failed', { err: new Error('chunk upload failed', { cause }), chunk: 'abc' });
    const err = records()[0]?.['err'] as Record<string, unknown>;
    expect(err['message']).toBe('chunk upload failed');
    expect(String(err['stack'])).toContain('logger.spec.ts');
    expect(err['cause']).toMatchObject({ message: 'connection refused', code: 'ECONNREFUSED' });
  });

  it("understands Nest's calls: context last, stack before it", () => {
    const { logger, records } = capture();
    logger.log('Mapped {/v1/ping, GET} route', 'RouterExplorer');
    logger.error('boom', 'Error: boom\n    at somewhere (x.ts:1:1)', 'ExceptionsHandler');
    logger.error('boom again', 'Error: boom\n    at somewhere (x.ts:1:1)');
    expect(records()).toMatchObject([
      { level: 'info', msg: 'Mapped {/v1/ping, GET} route', context: 'RouterExplorer' },
      { level: 'error', msg: 'boom', context: 'ExceptionsHandler', stack: expect.stringContaining('at somewhere') },
      { level: 'error', msg: 'boom again', stack: expect.stringContaining('at somewhere') },
    ]);
  });

  it('drops lines below its level and keeps the core fields from being overwritten', () => {
    const { logger, records } = capture({ level: 'warn' });
    logger.debug('noise');
    logger.info('noise');
    logger.warn('disk almost full', { level: 'shouting', free: 3 });
    expect(records()).toEqual([expect.objectContaining({ level: 'warn', msg: 'disk almost full', free: 3 })]);
  });

  it('rejects an unknown level with the valid ones', () => {
    expect(() => createLogger('x', { level: 'loud' as never })).toThrow('unknown level "loud"; use one of verbose, debug, info, warn, error, fatal');
  });

  it('keeps the line when a field cannot be serialised', () => {
    const { logger, records } = capture();
    const loop: Record<string, unknown> = {};
    loop['self'] = loop;
    logger.info('odd', { loop });
    expect(records()[0]).toMatchObject({ msg: 'odd', log_error: expect.stringContaining('fields dropped') });
  });

  it('child loggers add context and fields', () => {
    const { logger, records } = capture();
    logger.child('Relay', { site: 'primary' }).info('published', { count: 2 });
    expect(records()[0]).toMatchObject({ context: 'Relay', site: 'primary', count: 2 });
  });
});
