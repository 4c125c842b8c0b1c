import { type ActionRun, abortReason, actionReport } from './action-run';
import { execIn } from './action-target';
import { AttemptLog } from './attempt-log';
import { delay, retryBackoffMs } from './delay';
import { inPodsOnly, shell } from './pod-filter';
import { describePodFailure, describeSelector } from './rule-messages';
import type { ActionReport } from './rule-report';

/**
 * Runs a foreground action to its end: `sh -c <value>` in the target's pods, each bounded by the action's timeout;
 * pods that exit non-zero or time out are tried again (only they), up to `retries` times, after a short backoff.
 */
export async function runForegroundAction(run: ActionRun): Promise<ActionReport> {
  const { platform, target, action, signal } = run;
  const started = Date.now();
  const log = new AttemptLog();
  let note: string | undefined; // why the last attempt gave no results, when it gave none
  let failedCalls = 0;
  for (let attempt = 1; attempt <= action.retries + 1; attempt++) {
    if (attempt > 1) await delay(retryBackoffMs(attempt - 1), signal);
    if (signal?.aborted) {
      note = `stopped ${log.known ? 'before trying again' : 'before it ran'}: ${abortReason(signal)}`;
      break;
    }
    const pending = log.pending();
    const call = await execIn(platform, target, log.known ? inPodsOnly(action.value, pending) : shell(action.value), action.timeoutMs);
    if (call.error !== undefined) {
      failedCalls += 1;
      note = `the exec failed${failedCalls > 1 ? ` (${failedCalls} times)` : ''}: ${call.error}`;
      continue;
    }
    note = undefined;
    if (!log.known && call.results.length === 0) {
      return actionReport(run, started, [], `no pod in namespace ${target.namespace} matches podSelector ${describeSelector(target.podSelector)}`);
    }
    log.record(call, log.known ? pending : undefined);
    if (log.pending().length === 0) break;
  }
  const pods = log.reports();
  const problems = pods.filter((pod) => pod.outcome !== 'succeeded').map((pod) => describePodFailure(pod, action.timeoutMs));
  if (note !== undefined) problems.push(note);
  return actionReport(run, started, pods, problems.length === 0 ? undefined : problems.join('; '));
}
