import { type DataOf, GroupSnapshotFailed, GroupSnapshotTaken, TakeGroupSnapshot, TandemError } from '@tandem/contracts';
import type { Platform, VolumeSnapshot } from '@tandem/platform';
import type { Rule } from '@tandem/resources';
import { type GroupSnapshotOutcome, type GroupSnapshotStage, takeGroupSnapshot } from '@tandem/snapshots';
import { applicationClaims } from './application-claims';

type Command = DataOf<typeof TakeGroupSnapshot>;
type TakenOutput = DataOf<typeof GroupSnapshotTaken>['output'];
type FailedStage = DataOf<typeof GroupSnapshotFailed>['stage'];

/**
 * How a group snapshot ended, as its answer says it.
 * - `taken`: every volume was captured while the pre rules held (post rule failures are warnings).
 * - `failed`: the stage that failed, why, and whether trying again may help.
 */
export type GroupSnapshotResult =
  | { outcome: 'taken'; output: TakenOutput; stage: GroupSnapshotStage }
  | { outcome: 'failed'; stage: FailedStage; reason: string; retryable: boolean };

const MAX_REASON = 4_000;
const MAX_WARNING = 2_000;
const MAX_WARNINGS = 100;

/** Thrown by an outer namespace's capture when an inner namespace did not capture: its own outcome says why. */
class InnerNamespaceStopped extends Error {}

interface Capture {
  takenAt: Date;
  volumes: VolumeSnapshot[];
}

/**
 * Runs the group snapshot a TakeGroupSnapshot asks for. With several namespaces the calls nest (namespace 1's pre
 * rule, then namespace 2's, … then the one capture of every volume, then the releases and post rules in reverse),
 * so that every pre rule holds while the volumes are captured.
 */
export async function runGroupSnapshot(platform: Platform, command: Command, rules: { pre?: Rule; post?: Rule }): Promise<GroupSnapshotResult> {
  const outcomes: GroupSnapshotOutcome<Capture>[] = [];
  let capture: Capture | undefined;
  const captureAll = async (): Promise<Capture> => {
    const takenAt = new Date();
    if (!command.includeVolumes) return (capture = { takenAt, volumes: [] });
    const perNamespace = await Promise.all(
      command.namespaces.map(async (namespace) => {
        const claims = await applicationClaims(platform, namespace, command);
        return claims.length === 0 ? [] : platform.snapshotVolumes({ namespace, claims, snapshotName: command.runId });
      }),
    );
    return (capture = { takenAt, volumes: perNamespace.flat() });
  };
  const nest = async (index: number): Promise<GroupSnapshotOutcome<Capture>> => {
    const namespace = command.namespaces[index]!;
    const inner = index + 1 < command.namespaces.length;
    const outcome = await takeGroupSnapshot<Capture>({
      platform,
      namespace,
      runId: command.runId,
      // A rule runs in the pods of the namespace it is run for, whatever namespace keeps the Rule object.
      ...(rules.pre ? { preRule: rules.pre } : {}),
      ...(rules.post ? { postRule: rules.post } : {}),
      snapshot: inner
        ? async () => {
            const next = await nest(index + 1);
            if (next.snapshot.status !== 'taken') throw new InnerNamespaceStopped(`namespace ${command.namespaces[index + 1]} stopped the capture`);
            return next.snapshot.value;
          }
        : captureAll,
    });
    outcomes[index] = outcome;
    return outcome;
  };
  const outer = await nest(0);
  return resultOf(command, outer, outcomes, capture);
}

function resultOf(command: Command, outer: GroupSnapshotOutcome<Capture>, outcomes: GroupSnapshotOutcome<Capture>[], capture: Capture | undefined): GroupSnapshotResult {
  const stages = outcomes.map((o) => o.stage);
  const failures = outcomes
    .flatMap((o) => o.failures.filter((f) => !(o.snapshot.status === 'failed' && o.snapshot.error instanceof InnerNamespaceStopped && f.includes(o.snapshot.message))))
    .filter((f, i, all) => all.indexOf(f) === i);
  const failed = (stage: FailedStage, retryable: boolean): GroupSnapshotResult => ({ outcome: 'failed', stage, reason: reasonOf(stage, command, failures), retryable });
  if (stages.includes('PreRule')) return failed('PreRule', true);
  if (stages.includes('Snapshot') || capture === undefined) {
    const error = outcomes.map((o) => (o.snapshot.status === 'failed' ? o.snapshot.error : undefined)).find((e) => e !== undefined && !(e instanceof InnerNamespaceStopped));
    return failed('Snapshot', error instanceof TandemError ? error.retryable : true);
  }
  if (stages.includes('Release')) return failed('Release', true);
  const heldMs = (outer.pre?.durationMs ?? 0) + (outer.snapshot.status === 'taken' ? outer.snapshot.durationMs : 0) + (outer.release?.durationMs ?? 0);
  return {
    outcome: 'taken',
    stage: stages.includes('PostRule') ? 'PostRule' : 'Done',
    output: {
      groupSnapshotId: command.runId,
      takenAt: capture.takenAt.toISOString(),
      volumes: capture.volumes.map((v) => ({
        claim: { namespace: v.claim.namespace!, name: v.claim.name },
        volume: v.volumeName,
        snapshotVolume: v.snapshotVolume,
        ...(v.node === undefined ? {} : { node: v.node }),
      })),
      heldMs: Math.max(0, Math.round(heldMs)),
      warnings: failures.slice(0, MAX_WARNINGS).map((w) => clip(w, MAX_WARNING)),
    },
  };
}

const WHAT_FAILED: Record<FailedStage, string> = {
  PreRule: 'the pre rule failed, so nothing was captured',
  Snapshot: 'the volumes could not be captured',
  Release: 'a background action of the pre rule stopped holding before the capture ended, so the capture may not be consistent',
  PostRule: 'the post rule failed',
  Done: 'it did not finish',
};

function reasonOf(stage: FailedStage, command: Command, failures: string[]): string {
  const head = `group snapshot ${command.runId} of ${command.namespaces.join(', ')} failed: ${WHAT_FAILED[stage]}`;
  const tail = stage === 'Release' ? '; take the snapshot again' : '; fix the cause and take the snapshot again';
  return clip(`${head}${failures.length > 0 ? `: ${failures.join('; ')}` : ''}${tail}`, MAX_REASON);
}

function clip(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, max - 1)}…`;
}
