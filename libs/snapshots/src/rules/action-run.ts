import type { Platform } from '@tandem/platform';
import type { RuleAction } from '@tandem/resources';
import type { ActionTarget } from './action-target';
import { type ActionPlace, describeAction } from './rule-messages';
import type { ActionReport, ActionStatus, PodActionReport } from './rule-report';

/** Everything one action needs to run and to be reported. */
export interface ActionRun {
  platform: Platform;
  target: ActionTarget;
  place: ActionPlace;
  action: RuleAction;
  signal?: AbortSignal;
}

/** The action's report: `problem` (what went wrong, without the action's name) makes it `failed`. */
export function actionReport(
  run: Pick<ActionRun, 'place' | 'action'>,
  startedAt: number,
  pods: PodActionReport[],
  problem: string | undefined,
  success: Exclude<ActionStatus, 'failed'> = 'succeeded',
): ActionReport {
  return {
    item: run.place.item,
    action: run.place.action,
    command: run.action.value,
    background: run.action.background,
    runInSinglePod: run.action.runInSinglePod,
    status: problem === undefined ? success : 'failed',
    pods,
    durationMs: Date.now() - startedAt,
    ...(problem === undefined ? {} : { failure: `${describeAction(run.place)}: ${problem}` }),
  };
}

/** Why a run was stopped, in words. */
export function abortReason(signal: AbortSignal): string {
  const reason: unknown = signal.reason;
  return reason instanceof Error ? reason.message : String(reason);
}
