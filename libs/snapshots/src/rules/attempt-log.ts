import type { ExecResult } from '@tandem/platform';
import type { ExecCall } from './action-target';
import { answeredNotTargeted } from './pod-filter';
import { tail } from './rule-messages';
import type { PodActionReport } from './rule-report';

/** A pod's report from one exec result (how many attempts it took and how long they ran are given). */
export function podReport(result: ExecResult, attempts: number, durationMs: number): PodActionReport {
  const outcome = result.timedOut ? 'timed-out' : result.exitCode === 0 ? 'succeeded' : 'failed';
  return {
    pod: result.pod,
    outcome,
    exitCode: result.timedOut ? null : result.exitCode,
    attempts,
    durationMs,
    stdoutTail: tail(result.stdout),
    stderrTail: tail(result.stderr),
  };
}

/**
 * The attempts of one foreground action, per pod: the first exec decides which pods the action runs in; each retry
 * runs only in the pods that have not succeeded yet, and a pod's report is its last attempt's.
 */
export class AttemptLog {
  private readonly pods = new Map<string, PodActionReport>();
  /** Pods that will not be tried again whatever happened (gone, or unreachable by name). */
  private readonly final = new Set<string>();

  /** True once an exec has told which pods the action runs in. */
  get known(): boolean {
    return this.pods.size > 0;
  }

  /** Records an exec's results; `targeted` lists the pods a filtered retry was meant for (absent: the first exec). */
  record(call: ExecCall, targeted?: readonly string[]): void {
    const byPod = new Map(call.results.map((result) => [result.pod, result]));
    for (const pod of targeted ?? [...byPod.keys()]) {
      const before = this.pods.get(pod);
      const attempts = (before?.attempts ?? 0) + 1;
      const durationMs = (before?.durationMs ?? 0) + call.durationMs;
      const result = byPod.get(pod);
      if (result === undefined) {
        this.settle(pod, { ...(before as PodActionReport), outcome: 'failed', exitCode: null, attempts, durationMs, stderrTail: `pod ${pod} was gone when the command was tried again` });
      } else if (targeted !== undefined && answeredNotTargeted(result)) {
        this.settle(pod, { ...podReport(result, attempts, durationMs), outcome: 'failed', exitCode: null, stdoutTail: '', stderrTail: hostnameMismatch(pod) });
      } else {
        this.pods.set(pod, podReport(result, attempts, durationMs));
      }
    }
  }

  /** The pods to try again: not succeeded, and still reachable. */
  pending(): string[] {
    return this.reports()
      .filter((report) => report.outcome !== 'succeeded' && !this.final.has(report.pod))
      .map((report) => report.pod);
  }

  /** One report per pod, by pod name. */
  reports(): PodActionReport[] {
    return [...this.pods.values()].sort((a, b) => a.pod.localeCompare(b.pod));
  }

  private settle(pod: string, report: PodActionReport): void {
    this.pods.set(pod, report);
    this.final.add(pod);
  }
}

/** Why a pod cannot be reached by name: the rule runner finds pods through `$HOSTNAME`. */
export function hostnameMismatch(pod: string): string {
  return `the $HOSTNAME of pod ${pod} is not its name (does the pod set spec.hostname?), so Tandem cannot run a command in it alone; background actions and retries need $HOSTNAME to be the pod's name`;
}
