import { abortReason } from '../rules/action-run';
import type { ReleaseReport, RuleReport } from '../rules/rule-report';
import { assertRunId } from '../rules/run-id';
import { type RuleRun, runRule } from '../rules/run-rule';
import type { GroupSnapshotOutcome, GroupSnapshotRequest, GroupSnapshotStage, SnapshotCapture } from './group-snapshot.types';

/**
 * Takes an application-consistent group snapshot: runs the pre rule (its background actions keep holding), calls
 * `snapshot()`, releases the held actions, and runs the post rule. The post rule runs and held actions are
 * released whatever failed before them (a pre rule item, the capture, the release) — even when this code throws,
 * which only a programming error does (a malformed `runId` throws before anything runs).
 */
export async function takeGroupSnapshot<T>(request: GroupSnapshotRequest<T>): Promise<GroupSnapshotOutcome<T>> {
  assertRunId(request.runId);
  const started = Date.now();
  const { platform, namespace, runId, signal } = request;
  let pre: RuleRun | undefined;
  let capture: SnapshotCapture<T> = { status: 'skipped', reason: 'the snapshot was not reached' };
  let release: ReleaseReport | undefined;
  let post: RuleReport | undefined;
  try {
    try {
      if (request.preRule) pre = await runRule(platform, request.preRule, { namespace, phase: 'pre', runId, ...(signal === undefined ? {} : { signal }) });
      if (pre && !pre.report.ok) capture = { status: 'skipped', reason: 'the pre rule failed' };
      else if (signal?.aborted) capture = { status: 'skipped', reason: `stopped before the snapshot: ${abortReason(signal)}` };
      else capture = await take(request.snapshot);
    } finally {
      if (pre && pre.held.size > 0) release = await pre.held.release();
    }
  } finally {
    if (request.postRule) post = (await runRule(platform, request.postRule, { namespace, phase: 'post', runId })).report;
  }
  const stage = stageOf(pre?.report, capture, release, post);
  return {
    ok: stage === 'Done',
    stage,
    ...(pre ? { pre: pre.report } : {}),
    snapshot: capture,
    ...(release ? { release } : {}),
    ...(post ? { post } : {}),
    failures: [...(pre?.report.failures ?? []), ...captureFailures(capture, pre?.report), ...(release?.failures ?? []), ...(post?.failures ?? [])],
    durationMs: Date.now() - started,
  };
}

async function take<T>(snapshot: () => Promise<T>): Promise<SnapshotCapture<T>> {
  const started = Date.now();
  try {
    return { status: 'taken', value: await snapshot(), durationMs: Date.now() - started };
  } catch (error) {
    return { status: 'failed', error, message: error instanceof Error ? error.message : String(error), durationMs: Date.now() - started };
  }
}

function stageOf(pre: RuleReport | undefined, capture: SnapshotCapture<unknown>, release: ReleaseReport | undefined, post: RuleReport | undefined): GroupSnapshotStage {
  if (pre && !pre.ok) return 'PreRule';
  if (capture.status !== 'taken') return 'Snapshot';
  if (release && !release.ok) return 'Release';
  if (post && !post.ok) return 'PostRule';
  return 'Done';
}

/** The capture's failure as a sentence (none when it was skipped because the pre rule failed: that one says why). */
function captureFailures(capture: SnapshotCapture<unknown>, pre: RuleReport | undefined): string[] {
  if (capture.status === 'failed') return [`the snapshot failed: ${capture.message}`];
  if (capture.status === 'skipped' && !(pre && !pre.ok)) return [`the snapshot was not taken: ${capture.reason}`];
  return [];
}
