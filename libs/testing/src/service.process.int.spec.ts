import { readFile, rm } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { freePort } from './free-port.util';
import { type ServiceProcessOptions, startServiceProcess } from './service.process';

const entry = join(__dirname, 'fixtures', 'health-server.fixture.ts');

async function serviceOptions(env: Record<string, string> = {}): Promise<ServiceProcessOptions & { readyUrl: string }> {
  const port = await freePort();
  return {
    name: 'health',
    entry,
    env: { PORT: String(port), ...env },
    readyUrl: `http://127.0.0.1:${port}/health`,
    readyTimeoutMs: 30_000,
  };
}

describe('startServiceProcess', () => {
  it('runs a TypeScript entry until its ready URL answers, logs its output, and stops it with SIGTERM', async () => {
    const options = await serviceOptions();
    const service = await startServiceProcess(options);
    try {
      const response = await fetch(options.readyUrl);
      expect(await response.text()).toBe(String(service.pid));

      expect(await service.stop()).toEqual({ code: 0, signal: null });
      expect(await readFile(service.logFile, 'utf8')).toMatch(/listening on \d+ as \d+\nshutting down\n/);
      expect(service.logTail()).toContain('shutting down');
    } finally {
      await service.kill();
      await rm(dirname(service.logFile), { recursive: true, force: true });
    }
  });

  it('reports a SIGKILL and restarts with the same options as a new process', async () => {
    const options = await serviceOptions();
    const service = await startServiceProcess(options);
    try {
      const firstPid = service.pid;
      expect(await service.kill('SIGKILL')).toEqual({ code: null, signal: 'SIGKILL' });
      await expect(fetch(options.readyUrl)).rejects.toThrow();

      await service.restart();
      expect(service.pid).not.toBe(firstPid);
      expect(await (await fetch(options.readyUrl)).text()).toBe(String(service.pid));
    } finally {
      await service.stop();
      await rm(dirname(service.logFile), { recursive: true, force: true });
    }
  });

  it('falls back to SIGKILL when the service ignores SIGTERM', async () => {
    const service = await startServiceProcess(await serviceOptions({ IGNORE_SIGTERM: '1' }));
    try {
      expect(await service.stop(500)).toEqual({ code: null, signal: 'SIGKILL' });
      expect(service.logTail()).toContain('ignoring SIGTERM');
    } finally {
      await rm(dirname(service.logFile), { recursive: true, force: true });
    }
  });

  it('fails fast with the tail of the log when the service exits before it is ready', async () => {
    const started = Date.now();
    const failure = startServiceProcess(await serviceOptions({ BOOT_ERROR: 'NATS_URL is missing' }));

    await expect(failure).rejects.toThrow(
      /service health .* did not become ready: it exited \(exit code 3\)[\s\S]*config invalid: NATS_URL is missing/,
    );
    expect(Date.now() - started).toBeLessThan(20_000);
  });
});
