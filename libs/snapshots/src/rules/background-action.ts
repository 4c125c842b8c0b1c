import { formatDuration, WAIT_PLACEHOLDER } from '@tandem/resources';
import { type ActionRun, abortReason, actionReport } from './action-run';
import { execIn } from './action-target';
import { hostnameMismatch } from './attempt-log';
import { delay } from './delay';
import { inPodsOnly, shell } from './pod-filter';
import { describePodFailure, describeSelector, outputGist } from './rule-messages';
import type { ActionReport } from './rule-report';
import { awaitEnds, TrackedExec } from './tracked-exec';
import { type HoldFiles, holdFiles, substituteWait, waitSnippet } from './wait-snippet';

/** Bound of the small execs around a hold: finding the pods, asking whether they hold, releasing them. */
const CONTROL_TIMEOUT_MS = 30_000;
/** How often the pods are asked whether they hold. */
const POLL_MS = 100;
/** How long a failed start waits for its commands to end once told to let go. */
const FAILED_START_WAIT_MS = 5_000;

/** Tried to hold in every targeted pod: holding, or failed (and already let go, with how each pod ended). */
export type HoldAttempt = { ok: true; hold: BackgroundAction } | { ok: false; report: ActionReport };

/**
 * A background action: its command, with `${WAIT_CMD}` replaced by the wait snippet, runs in each targeted pod in
 * an exec of its own that is not awaited (one exec per pod, so that an adapter that runs a multi-pod exec one pod
 * after another cannot make the second pod wait for the first one's release). It holds once every pod has created
 * its held file, until `release()`.
 */
export class BackgroundAction {
  private released: Promise<ActionReport> | undefined;
  private heldAt = 0;

  private constructor(
    private readonly run: ActionRun,
    private readonly files: HoldFiles,
    private readonly execs: TrackedExec[],
    private readonly startedAt: number,
  ) {}

  /** Starts the command in every targeted pod and waits until all hold, the action's timeout passes, or one ends. */
  static async hold(run: ActionRun, runId: string): Promise<HoldAttempt> {
    const startedAt = Date.now();
    const { platform, target, action, place } = run;
    const pods = await findPods(run);
    if (typeof pods === 'string') return { ok: false, report: actionReport(run, startedAt, [], pods) };
    const files = holdFiles(runId, place.item, place.action);
    const command = substituteWait(action.value, waitSnippet(files, action.timeoutMs));
    // The snippet lets go by itself `timeoutMs` after it starts, and reaching it may take as long: the exec's own
    // timeout is only a backstop behind both.
    const execTimeoutMs = 2 * action.timeoutMs + CONTROL_TIMEOUT_MS;
    const execs = pods.map((pod) => new TrackedExec(pod, platform, target, inPodsOnly(command, [pod]), execTimeoutMs));
    const background = new BackgroundAction(run, files, execs, startedAt);
    const problem = await background.waitUntilHeld();
    if (problem === undefined) {
      background.heldAt = Date.now();
      return { ok: true, hold: background };
    }
    await background.signalRelease(execs.filter((exec) => !exec.hasEnded));
    await awaitEnds(execs, FAILED_START_WAIT_MS);
    const stillRunning = `still running ${formatDuration(FAILED_START_WAIT_MS)} after it was told to let go; its exec is stopped ${formatDuration(execTimeoutMs)} after it began`;
    return { ok: false, report: actionReport(run, startedAt, execs.map((exec) => exec.report(stillRunning)), problem) };
  }

  /** The action while it holds: status `held`, every pod `held`. */
  heldReport(): ActionReport {
    return { ...actionReport(this.run, this.startedAt, this.execs.map((exec) => exec.report()), undefined, 'held'), durationMs: this.heldAt - this.startedAt };
  }

  /** Lets every pod go and reports how each command ended; a second call returns the first call's report. */
  release(): Promise<ActionReport> {
    this.released ??= this.releaseOnce();
    return this.released;
  }

  private async releaseOnce(): Promise<ActionReport> {
    const startedAt = Date.now();
    const early = this.execs.filter((exec) => exec.hasEnded);
    const signalProblem = await this.signalRelease(this.execs.filter((exec) => !exec.hasEnded));
    // What follows the placeholder in the command (a COMMIT, pg_backup_stop) may take up to the action's timeout.
    await awaitEnds(this.execs, this.run.action.timeoutMs);
    const timeout = formatDuration(this.run.action.timeoutMs);
    const pods = this.execs.map((exec) => exec.report(`still running ${timeout} after it was released; its exec is stopped at its own timeout`));
    const problems = pods.map((pod) => {
      if (early.some((exec) => exec.pod === pod.pod)) {
        const how = pod.exitCode === null ? outputGist(pod) : `exit code ${pod.exitCode}, ${outputGist(pod)}`;
        return `pod ${pod.pod} stopped holding before it was released (${how}), so what was captured meanwhile may not be consistent`;
      }
      return pod.outcome === 'succeeded' ? undefined : describePodFailure(pod, this.run.action.timeoutMs);
    });
    if (signalProblem !== undefined) problems.unshift(signalProblem);
    const problem = problems.filter((text): text is string => text !== undefined).join('; ');
    return { ...actionReport(this.run, this.startedAt, pods, problem === '' ? undefined : problem), durationMs: Date.now() - startedAt };
  }

  /** Undefined once every pod holds; otherwise why not. */
  private async waitUntilHeld(): Promise<string | undefined> {
    const { platform, target, action, signal } = this.run;
    const deadline = this.startedAt + action.timeoutMs;
    const anyEnded = Promise.race(this.execs.map((exec) => exec.done));
    for (;;) {
      const ended = this.execs.filter((exec) => exec.hasEnded);
      if (ended.length > 0) return ended.map((exec) => endedBeforeHolding(exec)).join('; ');
      const probe = await execIn(platform, target, shell(`test -e ${this.files.held}`), CONTROL_TIMEOUT_MS);
      const holding = new Set(probe.results.filter((result) => result.exitCode === 0).map((result) => result.pod));
      const waiting = this.execs.filter((exec) => !holding.has(exec.pod)).map((exec) => exec.pod);
      if (waiting.length === 0) return undefined;
      if (signal?.aborted) return `stopped while waiting for pod ${waiting.join(', ')} to reach ${WAIT_PLACEHOLDER}: ${abortReason(signal)}`;
      if (Date.now() >= deadline) {
        const why = probe.error === undefined ? '' : ` (asking the pods failed: ${probe.error})`;
        return `pod ${waiting.join(', ')} did not reach ${WAIT_PLACEHOLDER} within the action's timeout of ${formatDuration(action.timeoutMs)}${why}; is the placeholder where a shell runs it?`;
      }
      await Promise.race([delay(POLL_MS, signal), anyEnded]);
    }
  }

  /** Creates the release file in the pods; undefined when that worked, otherwise why not. */
  private async signalRelease(running: TrackedExec[]): Promise<string | undefined> {
    if (running.length === 0) return undefined;
    const pods = running.map((exec) => exec.pod);
    const call = await execIn(this.run.platform, this.run.target, inPodsOnly(`touch ${this.files.release}`, pods), CONTROL_TIMEOUT_MS);
    const failed = pods.filter((pod) => call.results.find((result) => result.pod === pod)?.exitCode !== 0);
    if (failed.length === 0) return undefined;
    const why = call.error ?? call.results.filter((result) => failed.includes(result.pod)).map((result) => `${result.pod}: ${outputGist({ stdoutTail: result.stdout, stderrTail: result.stderr })}`).join('; ');
    return `could not tell pod ${failed.join(', ')} to let go (${why}); each hold ends by itself ${formatDuration(this.run.action.timeoutMs)} after it began`;
  }
}

/** The pods the action runs in, checked for what the snippet needs (sh, `$HOSTNAME` = pod name), or why not. */
async function findPods(run: ActionRun): Promise<string[] | string> {
  const { platform, target } = run;
  const call = await execIn(platform, target, shell('echo "$HOSTNAME"'), CONTROL_TIMEOUT_MS);
  if (call.error !== undefined) return `could not reach the pods: the exec failed: ${call.error}`;
  if (call.results.length === 0) return `no pod in namespace ${target.namespace} matches podSelector ${describeSelector(target.podSelector)}`;
  const problems: string[] = [];
  for (const result of call.results) {
    if (result.exitCode !== 0) problems.push(`pod ${result.pod} could not run sh, which ${WAIT_PLACEHOLDER} needs (exit code ${result.exitCode}, ${outputGist({ stdoutTail: result.stdout, stderrTail: result.stderr })})`);
    else if (result.stdout.trim() !== result.pod) problems.push(hostnameMismatch(result.pod));
  }
  return problems.length > 0 ? problems.join('; ') : call.results.map((result) => result.pod);
}

function endedBeforeHolding(exec: TrackedExec): string {
  const pod = exec.report();
  const how = pod.exitCode === null ? outputGist(pod) : `exit code ${pod.exitCode}, ${outputGist(pod)}`;
  return `pod ${exec.pod}: the background command ended before it reached ${WAIT_PLACEHOLDER} (${how})`;
}
