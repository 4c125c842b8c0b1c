import { type ChildProcess, spawn } from 'node:child_process';
import { type WriteStream, createWriteStream } from 'node:fs';
import { join, resolve } from 'node:path';
import { type ProcessExit, describeExit, hasExited, signalAndWait, terminate, watchChild } from './child-exit.util';
import { LineTail } from './log-tail.util';
import { REGISTER_SCRIPT, REPO_ROOT } from './repo.paths';
import { tempDir } from './temp-dir.util';
import { waitFor } from './wait-for.util';

export interface ServiceProcessOptions {
  /** Names the service in logs and errors. */
  name: string;
  /** The TypeScript file to run (relative to `cwd`), e.g. `apps/agent/src/main.ts`. */
  entry: string;
  /** Added to this process's environment. */
  env?: Record<string, string | undefined>;
  /** Default: the repository root. */
  cwd?: string;
  /** Ready once this URL answers 200 (e.g. a health endpoint); without it, ready once spawned. */
  readyUrl?: string;
  /** Default 60 s. */
  readyTimeoutMs?: number;
  /** Where stdout and stderr go (appended across restarts). Default: `<name>.log` in a new temp dir. */
  logFile?: string;
}

const TAIL_LINES = 200;
const STOP_GRACE_MS = 10_000;

/** Starts a Tandem service from its TypeScript sources as a real child process and waits until it is ready. */
export async function startServiceProcess(options: ServiceProcessOptions): Promise<ServiceProcess> {
  const logFile = options.logFile ?? join(await tempDir(`svc-${options.name}`), `${options.name}.log`);
  const service = new ServiceProcess(options, logFile);
  await service.start();
  return service;
}

/** A service running as `node -r scripts/register.cjs <entry>`, its output captured to `logFile`. */
export class ServiceProcess {
  private child: ChildProcess | undefined;
  private exit: Promise<ProcessExit> = Promise.resolve({ code: null, signal: null });
  private readonly tail = new LineTail(TAIL_LINES);

  constructor(
    private readonly options: ServiceProcessOptions,
    readonly logFile: string,
  ) {}

  get name(): string {
    return this.options.name;
  }

  /** Pid of the current run (it changes on restart). */
  get pid(): number | undefined {
    return this.child?.pid;
  }

  /** Resolves when the current run ends, with its exit code or signal. */
  get exited(): Promise<ProcessExit> {
    return this.exit;
  }

  get running(): boolean {
    return this.child !== undefined && !hasExited(this.child);
  }

  /** The last lines the service printed (stdout and stderr interleaved). */
  logTail(lines = TAIL_LINES): string {
    return this.tail.text(lines);
  }

  /** Sends `signal` (default SIGKILL: a crash) and resolves once the process has exited. */
  async kill(signal: NodeJS.Signals = 'SIGKILL'): Promise<ProcessExit> {
    return this.child ? signalAndWait(this.child, this.exit, signal) : this.exit;
  }

  /** SIGTERM, then SIGKILL if it is still running after `graceMs`. */
  async stop(graceMs = STOP_GRACE_MS): Promise<ProcessExit> {
    return this.child ? terminate(this.child, this.exit, graceMs) : this.exit;
  }

  /** Stops the current run if any, then starts again with the same options and waits until ready. */
  async restart(): Promise<void> {
    await this.stop();
    await this.start();
  }

  async start(): Promise<void> {
    const cwd = this.options.cwd ?? REPO_ROOT;
    const child = spawn(process.execPath, ['-r', REGISTER_SCRIPT, resolve(cwd, this.options.entry)], {
      cwd,
      env: { ...process.env, ...this.options.env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    this.child = child;
    this.exit = watchChild(child);
    this.capture(child);
    await this.waitUntilReady(child, this.exit);
  }

  private capture(child: ChildProcess): void {
    const log: WriteStream = createWriteStream(this.logFile, { flags: 'a' });
    for (const stream of [child.stdout, child.stderr]) {
      stream?.on('data', (chunk: Buffer) => {
        log.write(chunk);
        this.tail.write(chunk);
      });
    }
    child.once('close', () => log.end());
  }

  private async waitUntilReady(child: ChildProcess, exited: Promise<ProcessExit>): Promise<void> {
    const gone = new AbortController();
    void exited.then((exit) => gone.abort(new Error(`it exited (${describeExit(exit)})`)));
    const { readyUrl, readyTimeoutMs = 60_000 } = this.options;
    try {
      if (readyUrl) {
        await waitFor(() => answers200(readyUrl), {
          what: `${readyUrl} to answer 200`,
          timeoutMs: readyTimeoutMs,
          intervalMs: 200,
          signal: gone.signal,
        });
      } else {
        await waitFor(() => child.pid !== undefined, { what: 'the process to spawn', signal: gone.signal });
      }
    } catch (error) {
      await signalAndWait(child, exited, 'SIGKILL');
      throw new Error(
        `service ${this.name} (${this.options.entry}) did not become ready: ${(error as Error).message}\n` +
          `last lines of its output (all in ${this.logFile}):\n${this.tail.text(50)}`,
        { cause: error },
      );
    }
  }
}

async function answers200(url: string): Promise<boolean> {
  const response = await fetch(url, { signal: AbortSignal.timeout(2_000) });
  await response.body?.cancel();
  if (response.status !== 200) throw new Error(`${url} answered ${response.status}`);
  return true;
}
