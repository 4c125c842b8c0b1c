import type { Platform } from '@tandem/platform';
import type { Rule, RuleItem } from '@tandem/resources';
import { type ActionRun, abortReason } from './action-run';
import { BackgroundAction } from './background-action';
import { runForegroundAction } from './foreground-action';
import { HeldActions } from './held-actions';
import { describeAction } from './rule-messages';
import { ruleName, ruleProblems } from './rule-checks';
import type { ItemReport, RulePhase, RuleReport } from './rule-report';
import { assertRunId } from './run-id';

export interface RunRuleOptions {
  /** Where the rule's pods are: the protected application's namespace. */
  namespace: string;
  phase: RulePhase;
  /** Unique per run (e.g. the migration's name): names the files background actions use in the pods. */
  runId: string;
  /** Stops the run between actions, retries and polls (what was held is released). */
  signal?: AbortSignal;
}

export interface RuleRun {
  report: RuleReport;
  /**
   * The background actions that hold now. After a failure the run has released them already, and `release()`
   * returns that release's report; call it either way (it is idempotent).
   */
  held: HeldActions;
}

/**
 * Runs a rule's items in order, and each item's actions in order, in the pods its podSelector matches in the
 * namespace (all of them, or one for runInSinglePod). Foreground actions run to their end, with their timeout and
 * retries; background actions start and hold at `${WAIT_CMD}` until `held.release()`. The first failure stops the
 * run (Stork's behaviour): later actions and items do not run, and what was held is released.
 *
 * Failures are reported, not thrown; only a malformed `runId` (the caller's bug) throws.
 */
export async function runRule(platform: Platform, rule: Rule, options: RunRuleOptions): Promise<RuleRun> {
  assertRunId(options.runId);
  const started = Date.now();
  const name = ruleName(rule);
  const report = (items: ItemReport[], failures: string[]): RuleReport => ({ rule: name, phase: options.phase, ok: failures.length === 0, items, failures, durationMs: Date.now() - started });
  const problems = ruleProblems(rule, options.phase);
  if (problems.length > 0) return { report: report([], problems), held: new HeldActions() };

  const holds: BackgroundAction[] = [];
  const items: ItemReport[] = [];
  let failure: string | undefined;
  for (const [index, item] of rule.rules.entries()) {
    const itemReport: ItemReport = { index, podSelector: item.podSelector, ...(item.container === undefined ? {} : { container: item.container }), actions: [] };
    items.push(itemReport);
    failure = await runItem(platform, name, item, itemReport, options, holds);
    if (failure !== undefined) break;
  }
  const held = new HeldActions(holds);
  if (failure !== undefined) await held.release();
  return { report: report(items, failure === undefined ? [] : [failure]), held };
}

/** Runs one item's actions into `itemReport`, adding what holds to `holds`; returns the first failure. */
async function runItem(platform: Platform, rule: string, item: RuleItem, itemReport: ItemReport, options: RunRuleOptions, holds: BackgroundAction[]): Promise<string | undefined> {
  for (const [index, action] of item.actions.entries()) {
    const run: ActionRun = {
      platform,
      target: { namespace: options.namespace, podSelector: item.podSelector, single: action.runInSinglePod, ...(item.container === undefined ? {} : { container: item.container }) },
      place: { phase: options.phase, rule, item: itemReport.index, action: index, command: action.value },
      action,
      ...(options.signal === undefined ? {} : { signal: options.signal }),
    };
    if (options.signal?.aborted) return `${describeAction(run.place)}: stopped before it ran: ${abortReason(options.signal)}`;
    if (action.background) {
      const attempt = await BackgroundAction.hold(run, options.runId);
      itemReport.actions.push(attempt.ok ? attempt.hold.heldReport() : attempt.report);
      if (!attempt.ok) return attempt.report.failure ?? `${describeAction(run.place)}: failed`;
      holds.push(attempt.hold);
    } else {
      const report = await runForegroundAction(run);
      itemReport.actions.push(report);
      if (report.status === 'failed') return report.failure ?? `${describeAction(run.place)}: failed`;
    }
  }
  return undefined;
}
