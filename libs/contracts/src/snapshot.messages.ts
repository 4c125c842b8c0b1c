import { volumeName } from './agent-identity.schema';
import { labelNameSchema, objectNameSchema } from './kubernetes-names.schema';
import { defineMessage } from './message-definition';
import { namespacedNameSchema, protectAnswerCommon, protectCommandCommon, protectFailure } from './protect-common.schema';
import { arr, bool, int, isoTime, obj, oneOf, opt, record, str } from './schema';

const labels = record(str({ min: 0, max: 63 }));

/**
 * Take an application-consistent group snapshot on this site: run the pre rule in the application's pods (its
 * background actions hold), capture every volume of the application at one point, release, run the post rule.
 */
export const TakeGroupSnapshot = defineMessage({
  kind: 'command',
  service: 'snapshot',
  name: 'take-group-snapshot',
  version: 1,
  description: 'Run the pre rule, capture all volumes of the application at one point, release the holds, run the post rule.',
  schema: obj({
    ...protectCommandCommon,
    /** Names the snapshot and the files background actions use in the pods (e.g. the migration's name). */
    runId: str({ max: 63, pattern: /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/ }),
    namespaces: arr(labelNameSchema, { min: 1, max: 1_000 }),
    selectors: labels,
    excludeSelectors: labels,
    /** false: run the rules only (a metro pair, or a schedule that moves configuration alone). */
    includeVolumes: bool(),
    /** Where the Rule objects are (the schedule's namespace). */
    ruleNamespace: labelNameSchema,
    preExecRule: opt(objectNameSchema),
    postExecRule: opt(objectNameSchema),
  }),
});

export const GROUP_SNAPSHOT_STAGES = ['PreRule', 'Snapshot', 'Release', 'PostRule', 'Done'] as const;

export const GroupSnapshotTaken = defineMessage({
  kind: 'event',
  service: 'snapshot',
  name: 'group-snapshot-taken',
  version: 1,
  description: 'Every volume of the application was captured at one point; each capture is a volume the agents can back up.',
  schema: obj({
    ...protectAnswerCommon,
    output: obj({
      groupSnapshotId: str({ max: 128, pattern: /^[A-Za-z0-9][A-Za-z0-9._-]*$/ }),
      takenAt: isoTime(),
      volumes: arr(
        obj({
          claim: namespacedNameSchema,
          /** The volume the claim is bound to. */
          volume: volumeName,
          /** The capture: a volume (of the same node) holding the claim's files as they were at `takenAt`. */
          snapshotVolume: volumeName,
          node: opt(str({ max: 253 })),
        }),
        { max: 1_000 },
      ),
      /** Held for this long: from the pre rule's start to the release. */
      heldMs: int({ min: 0 }),
      /** Problems that did not spoil the capture (a post rule action that failed), each a sentence. */
      warnings: arr(str({ max: 2_000 }), { max: 100 }),
    }),
  }),
});

export const GroupSnapshotFailed = defineMessage({
  kind: 'event',
  service: 'snapshot',
  name: 'group-snapshot-failed',
  version: 1,
  description: 'No consistent group snapshot: the stage that failed and why. Held actions were released and the post rule ran.',
  schema: obj({ ...protectFailure, stage: oneOf(GROUP_SNAPSHOT_STAGES) }),
});
