import { type ChildProcess, spawn } from 'node:child_process';
import { closeSync, openSync } from 'node:fs';
import { type ProcessExit, describeExit, hasExited, signalAndWait, terminate, watchChild } from './child-exit.util';
import { readFileTail } from './log-tail.util';

/** One process of a test cluster (etcd or kube-apiserver), its output appended to a log file. */
export class KubeChild {
  private readonly child: ChildProcess;
  readonly exited: Promise<ProcessExit>;
  /** Aborted, with the exit as the reason, when the process exits: stops waits for it early. */
  readonly gone: AbortSignal;

  constructor(
    readonly name: string,
    binary: string,
    args: readonly string[],
    readonly logFile: string,
    cwd: string,
  ) {
    const log = openSync(logFile, 'a');
    try {
      this.child = spawn(binary, args, { stdio: ['ignore', log, log], cwd });
    } finally {
      closeSync(log); // the child has its own copy
    }
    this.exited = watchChild(this.child);
    const gone = new AbortController();
    this.gone = gone.signal;
    void this.exited.then((exit) => gone.abort(new Error(`${name} exited (${describeExit(exit)})`)));
  }

  get pid(): number | undefined {
    return hasExited(this.child) ? undefined : this.child.pid;
  }

  /** SIGTERM, then SIGKILL after `graceMs`. */
  async stop(graceMs: number): Promise<void> {
    await terminate(this.child, this.exited, graceMs);
  }

  /** SIGKILL without waiting: for a process that is exiting itself. */
  killNow(): void {
    if (!hasExited(this.child)) this.child.kill('SIGKILL');
  }

  async kill(): Promise<void> {
    await signalAndWait(this.child, this.exited, 'SIGKILL');
  }

  /** The last lines of its log, headed with the file's name, for an error message. */
  async logTail(lines = 40): Promise<string> {
    return `last lines of ${this.logFile}:\n${await readFileTail(this.logFile, lines)}`;
  }
}
