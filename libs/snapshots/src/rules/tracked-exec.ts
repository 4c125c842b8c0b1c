import type { Platform } from '@tandem/platform';
import { type ActionTarget, type ExecCall, execIn } from './action-target';
import { hostnameMismatch, podReport } from './attempt-log';
import { answeredNotTargeted } from './pod-filter';
import { delay } from './delay';
import type { PodActionReport } from './rule-report';

/**
 * A background action's exec in one pod, started and not awaited: it ends when the command is released (or fails).
 * `done` never rejects, so nothing is left floating; `end` is set once it has ended.
 */
export class TrackedExec {
  readonly startedAt = Date.now();
  readonly done: Promise<void>;
  private ended: { call: ExecCall; at: number } | undefined;

  constructor(
    readonly pod: string,
    platform: Platform,
    target: ActionTarget,
    command: string[],
    timeoutMs: number,
  ) {
    this.done = execIn(platform, target, command, timeoutMs).then(
      (call) => this.end(call),
      (error: unknown) => this.end({ results: [], error: `the exec failed: ${String(error)}`, durationMs: Date.now() - this.startedAt }),
    );
  }

  get hasEnded(): boolean {
    return this.ended !== undefined;
  }

  /**
   * How the command ended in this pod. One that has not ended is `held`, or `failed` for the reason given as
   * `stillRunning` (when it should have ended by now).
   */
  report(stillRunning?: string): PodActionReport {
    const durationMs = (this.ended?.at ?? Date.now()) - this.startedAt;
    const failed = (why: string): PodActionReport => ({ pod: this.pod, outcome: 'failed', exitCode: null, attempts: 1, durationMs, stdoutTail: '', stderrTail: why });
    if (this.ended === undefined) {
      return stillRunning === undefined ? { pod: this.pod, outcome: 'held', exitCode: null, attempts: 1, durationMs, stdoutTail: '', stderrTail: '' } : failed(stillRunning);
    }
    const { call } = this.ended;
    const result = call.results.find((candidate) => candidate.pod === this.pod);
    if (call.error !== undefined) return failed(call.error);
    if (result === undefined) return failed(`pod ${this.pod} was gone before the command ended`);
    if (answeredNotTargeted(result)) return failed(hostnameMismatch(this.pod));
    return podReport(result, 1, durationMs);
  }

  private end(call: ExecCall): void {
    this.ended = { call, at: Date.now() };
  }
}

/** Waits until every exec has ended, or `ms` has passed; true when all have ended. */
export async function awaitEnds(execs: readonly TrackedExec[], ms: number): Promise<boolean> {
  const stop = new AbortController();
  const all = Promise.all(execs.map((exec) => exec.done)).then(() => true);
  const ended = await Promise.race([all, delay(ms, stop.signal).then(() => false)]);
  stop.abort();
  return ended;
}
