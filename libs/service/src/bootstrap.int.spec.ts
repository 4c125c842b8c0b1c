import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, type Server as NetServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { createLogger, initTracing, readSpansFile } from '@tandem/observability';
import { bootstrapService, type RunningService } from './bootstrap';
import { PingModule, pingDependency, RecordingTransport } from './ping-service.fixture';

const repoRoot = resolve(__dirname, '../../..');
const openapi = { title: 'Ping', version: '1.0.0', description: 'The service shell under test' };

describe('bootstrapService', () => {
  const logLines: string[] = [];
  const logger = createLogger('ping', { sink: { write: (line) => logLines.push(line) } });
  const transport = new RecordingTransport();
  let dir: string;
  let service: RunningService;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'tandem-service-'));
    const tracing = initTracing({ service: 'ping', spansFile: join(dir, 'spans.jsonl') });
    service = await bootstrapService({
      name: 'ping', module: PingModule, port: 0, host: '127.0.0.1', microservices: [transport], openapi, logger, tracing, handleSignals: false,
    });
  });
  afterAll(async () => {
    await service.close();
    rmSync(dir, { recursive: true, force: true });
  });

  const get = (path: string, headers?: Record<string, string>) => fetch(`${service.url}${path}`, { headers });
  const post = (path: string, body: string) => fetch(`${service.url}${path}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body });

  it('answers /healthz while the process runs, and started the transport', async () => {
    expect(service.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    const response = await get('/healthz');
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ status: 'ok' });
    expect(transport.calls).toEqual(['listen']);
  });

  it('answers /readyz 200 when the checks pass and 503 naming the failing check and why', async () => {
    const ready = await get('/readyz');
    expect(ready.status).toBe(200);
    expect(await ready.json()).toEqual({ status: 'ready', checks: ['database'] });

    pingDependency.up = false;
    try {
      const notReady = await get('/readyz');
      expect(notReady.status).toBe(503);
      expect(await notReady.json()).toEqual({
        status: 'not-ready', checks: ['database'], failing: [{ name: 'database', reason: 'connection refused by 127.0.0.1:5432' }],
      });
    } finally {
      pingDependency.up = true;
    }
  });

  it('serves Prometheus text on /metrics', async () => {
    const response = await get('/metrics');
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toContain('text/plain');
    expect(await response.text()).toMatch(/^process_cpu_user_seconds_total \d/m);
  });

  it('serves the OpenAPI document with the versioned API paths', async () => {
    const response = await get('/openapi.json');
    expect(response.status).toBe(200);
    const document = (await response.json()) as { info: { title: string; version: string }; paths: Record<string, Record<string, unknown>> };
    expect(document.info).toMatchObject({ title: 'Ping', version: '1.0.0' });
    expect(Object.keys(document.paths['/v1/ping'] ?? {})).toEqual(expect.arrayContaining(['get', 'post']));
    expect(document.paths).toHaveProperty('/healthz');
    expect(document.paths).not.toHaveProperty('/openapi.json');
  });

  it('serves APIs under /v1 only, in a span that continues the caller\'s trace', async () => {
    const traceId = '0af7651916cd43dd8448eb211c80319c';
    expect((await get('/v1/ping', { traceparent: `00-${traceId}-b7ad6b7169203331-01` })).status).toBe(200);
    const line = logLines.map((l) => JSON.parse(l) as Record<string, unknown>).find((l) => l['msg'] === 'pinged');
    expect(line).toMatchObject({ service: 'ping', trace_id: traceId });
    const unversioned = await get('/ping');
    expect(unversioned.status).toBe(404);
    expect(await unversioned.json()).toEqual({ error: 'not-found', message: 'Cannot GET /ping' });
  });

  it('answers a bad body with 400 and what was wrong, a good one with the result', async () => {
    const bad = await post('/v1/ping', JSON.stringify({ name: 42 }));
    expect(bad.status).toBe(400);
    expect(await bad.json()).toEqual({ error: 'invalid-input', message: 'invalid request body: name must be a non-empty string' });

    const malformed = await post('/v1/ping', '{"name":');
    expect(malformed.status).toBe(400);
    expect(await malformed.json()).toMatchObject({ error: 'invalid-input' });

    const good = await post('/v1/ping', JSON.stringify({ name: 'tandem' }));
    expect(good.status).toBe(201);
    expect(await good.json()).toEqual({ hello: 'tandem' });
  });

  it.each([
    ['not-found', 404, { error: 'ping-not-found', message: 'ping "x" does not exist' }],
    ['conflict', 409, { error: 'conflict', message: 'ping "x" already exists' }],
    ['unavailable', 503, { error: 'unavailable', message: 'the database is not reachable; try again later' }],
  ])("maps Tandem's %s error to %i with its code and message", async (as, status, body) => {
    const response = await get(`/v1/ping/fail?as=${as}`);
    expect(response.status).toBe(status);
    expect(await response.json()).toEqual(body);
  });

  it('answers an unexpected error with 500 and a generic message, and logs it with the trace id of the request', async () => {
    const traceId = '4bf92f3577b34da6a3ce929d0e0e4736';
    const response = await get('/v1/ping/fail', { traceparent: `00-${traceId}-00f067aa0ba902b7-01` });
    expect(response.status).toBe(500);
    const body = (await response.json()) as { error: string; message: string };
    expect(body.error).toBe('internal');
    expect(body.message).not.toContain('secret');

    const line = logLines.map((l) => JSON.parse(l) as Record<string, unknown>).find((l) => l['msg'] === 'request failed');
    expect(line).toMatchObject({ level: 'error', trace_id: traceId, method: 'GET', url: '/v1/ping/fail', err: { message: 'secret internal detail' } });
    const span = readSpansFile(join(dir, 'spans.jsonl')).find((s) => s.traceId === traceId);
    expect(span).toMatchObject({ name: 'GET /v1/ping/fail', kind: 'server', parentSpanId: '00f067aa0ba902b7', status: { code: 'error' } });
    expect(span?.attributes['http.response.status_code']).toBe(500);
  });

  it('close() stops HTTP, closes the transport once, and may be called again', async () => {
    const second = await bootstrapService({
      name: 'ping2', module: PingModule, port: 0, host: '127.0.0.1', microservices: [new RecordingTransport()], openapi, logger, handleSignals: false,
    });
    const own = new RecordingTransport();
    const other = await bootstrapService({
      name: 'ping3', module: PingModule, port: 0, host: '127.0.0.1', microservices: [own], openapi, logger, handleSignals: false,
    });
    await second.close();
    await other.close();
    await other.close();
    expect(own.calls).toEqual(['listen', 'close']);
    await expect(fetch(`${other.url}/healthz`)).rejects.toThrow();
    expect((await get('/healthz')).status).toBe(200); // the first service is untouched
  });

  it('says which address it could not listen on', async () => {
    const blocker: NetServer = createServer();
    await new Promise<void>((done) => blocker.listen(0, '127.0.0.1', done));
    const { port } = blocker.address() as { port: number };
    try {
      await expect(
        bootstrapService({ name: 'ping4', module: PingModule, port, host: '127.0.0.1', openapi, logger, handleSignals: false }),
      ).rejects.toThrow(`ping4 could not start on 127.0.0.1:${port}`);
    } finally {
      blocker.close();
    }
  });
});

describe('a service process on SIGTERM', () => {
  let child: ChildProcess | undefined;
  afterEach(() => {
    if (child && child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  });

  it('finishes the request in flight, closes its transport and exits 0', async () => {
    const proc = spawn(process.execPath, ['-r', './scripts/register.cjs', 'libs/service/src/ping-service.main.fixture.ts'], {
      cwd: repoRoot, stdio: ['ignore', 'pipe', 'pipe'],
    });
    child = proc;
    const lines: Array<Record<string, unknown>> = [];
    let stderr = '';
    proc.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const exited = new Promise<number | null>((done) => proc.on('exit', (code) => done(code)));
    const started = new Promise<string>((done, fail) => {
      let buffer = '';
      proc.stdout.on('data', (chunk: Buffer) => {
        buffer += chunk.toString();
        let newline: number;
        while ((newline = buffer.indexOf('\n')) >= 0) {
          const line = JSON.parse(buffer.slice(0, newline)) as Record<string, unknown>;
          buffer = buffer.slice(newline + 1);
          lines.push(line);
          if (line['msg'] === 'service started') done(String(line['url']));
        }
      });
      proc.on('exit', (code) => fail(new Error(`the fixture exited with ${code} before starting: ${stderr}`)));
    });
    const url = await started;

    const inFlight = fetch(`${url}/v1/ping/slow?ms=500`);
    await new Promise((r) => setTimeout(r, 150));
    proc.kill('SIGTERM');

    const response = await inFlight;
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ waited: 500 });
    expect(await exited).toBe(0);
    const messages = lines.map((l) => l['msg']);
    expect(messages.slice(messages.indexOf('shutting down'))).toEqual(['shutting down', 'transport close', 'stopped']);
  }, 20_000);
});
