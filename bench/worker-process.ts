import { type ChildProcess, fork } from 'node:child_process';
import { join } from 'node:path';
import { REGISTER_SCRIPT } from '@tandem/testing';

// A bench worker is a TypeScript file run as its own Node process with an IPC channel: the driver sends it
// `{ type: 'go' }` and `{ type: 'stop' }`, the worker answers `{ type: 'ready' }`, `{ type: 'result', ... }` or
// `{ type: 'error', message }`. Its settings are the JSON in argv[2].

export interface WorkerMessage {
  type: string;
  [key: string]: unknown;
}

export class WorkerProcess {
  private readonly inbox: WorkerMessage[] = [];
  private waiter?: () => void;
  private readonly exited: Promise<void>;
  private gone = false;

  private constructor(
    readonly name: string,
    private readonly child: ChildProcess,
  ) {
    child.on('message', (m: WorkerMessage) => {
      this.inbox.push(m);
      this.waiter?.();
    });
    this.exited = new Promise((resolve) => {
      const gone = () => {
        this.gone = true;
        this.waiter?.();
        resolve();
      };
      child.once('exit', gone);
      child.once('error', () => child.pid === undefined && gone()); // it could not be started at all
    });
  }

  /** `profileDir`: write a V8 CPU profile of the worker there (see cpu-profile.hook.cjs). */
  static start(name: string, file: string, settings: object, profileDir?: string): WorkerProcess {
    const child = fork(file, [JSON.stringify(settings)], {
      execArgv: ['-r', REGISTER_SCRIPT],
      env: { ...process.env, ...profileEnv(name, profileDir) },
      stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    });
    return new WorkerProcess(name, child);
  }

  get pid(): number | undefined {
    return this.child.pid;
  }

  send(message: WorkerMessage): void {
    if (!this.gone) this.child.send(message);
  }

  /** The next message of `type`; fails if the worker reports an error, exits, or `timeoutMs` passes. */
  async next<T extends WorkerMessage>(type: string, timeoutMs: number): Promise<T> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const i = this.inbox.findIndex((m) => m.type === type || m.type === 'error');
      if (i >= 0) {
        const [m] = this.inbox.splice(i, 1) as [T];
        if (m.type === 'error') throw new Error(`${this.name} failed: ${String(m.message)}`);
        return m;
      }
      if (this.gone) throw new Error(`${this.name} exited before sending "${type}"`);
      const left = deadline - Date.now();
      if (left <= 0) throw new Error(`${this.name} sent no "${type}" within ${timeoutMs} ms`);
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, left);
        this.waiter = () => {
          clearTimeout(timer);
          resolve();
        };
      });
    }
  }

  /** Asks the worker to stop; kills it if it has not exited after `graceMs`. */
  async stop(graceMs = 15_000): Promise<void> {
    if (this.gone) return;
    this.send({ type: 'stop' });
    const timer = setTimeout(() => this.child.kill('SIGKILL'), graceMs);
    await this.exited;
    clearTimeout(timer);
  }
}

/** Environment that makes a Node process record a CPU profile into `dir` (nothing when `dir` is undefined). */
export function profileEnv(name: string, dir: string | undefined): Record<string, string> {
  if (!dir) return {};
  const hook = join(__dirname, 'cpu-profile.hook.cjs');
  const options = [process.env.NODE_OPTIONS, `--require ${hook}`].filter(Boolean).join(' ');
  return { NODE_OPTIONS: options, BENCH_PROFILE_DIR: dir, BENCH_PROFILE_NAME: name };
}

/** Worker side: runs `body` with the settings, reporting a failure to the driver and exiting when done. */
export function runWorker<S>(body: (settings: S, messages: WorkerInbox) => Promise<void>): void {
  const inbox = new WorkerInbox();
  const settings = JSON.parse(process.argv[2] ?? '{}') as S;
  body(settings, inbox).then(
    () => process.disconnect?.(),
    (err: unknown) => {
      process.send?.({ type: 'error', message: err instanceof Error ? err.stack ?? err.message : String(err) });
      process.exitCode = 1;
      process.disconnect?.();
    },
  );
}

/** What a worker hears from the driver. */
export class WorkerInbox {
  private readonly seen = new Set<string>();
  private readonly waiters = new Map<string, (() => void)[]>();

  constructor() {
    process.on('message', (m: WorkerMessage) => {
      this.seen.add(m.type);
      for (const w of this.waiters.get(m.type) ?? []) w();
      this.waiters.delete(m.type);
    });
    // The driver went away (it crashed or was killed): do not outlive it.
    process.on('disconnect', () => setTimeout(() => process.exit(0), 2_000).unref());
  }

  send(message: WorkerMessage): void {
    process.send?.(message);
  }

  until(type: string): Promise<void> {
    if (this.seen.has(type)) return Promise.resolve();
    return new Promise((resolve) => this.waiters.set(type, [...(this.waiters.get(type) ?? []), resolve]));
  }
}
