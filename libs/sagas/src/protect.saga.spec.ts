import { CATALOG, MigrationFinished, type SagaRef } from '@tandem/contracts';
import type { SagaCommand, SagaTrigger } from './saga-definition';
import { PROTECT_SAGA, type ProtectInput, protectSagaId } from './protect.saga';
import type { StepSagaState } from './step-saga';

type State = StepSagaState<ProtectInput>;
const saga = PROTECT_SAGA;
const SAGA_ID = 'protect_appns_appns-protect-interval-2026-11-26-100000';
const t0 = new Date('2026-11-26T10:00:00Z');

const input = (template: Partial<ProtectInput['template']> = {}): ProtectInput => ({
  migration: 'appns-protect-interval-2026-11-26-100000',
  namespace: 'appns',
  schedule: 'appns-protect',
  schedulePolicy: 'every-5s',
  policyType: 'interval',
  firedAt: t0.toISOString(),
  intervalSeconds: 5,
  template: {
    clusterPair: 'dr-site',
    namespaces: ['appns'],
    selectors: {},
    excludeSelectors: {},
    includeResources: true,
    includeVolumes: true,
    startApplications: false,
    purgeDeletedResources: false,
    preExecRule: 'pg-presnap',
    postExecRule: 'pg-postsnap',
    includeOptionalResourceTypes: [],
    ...template,
  },
});

const claim = { namespace: 'appns', name: 'data-pg-0' };
const resolvedAsync = {
  namespace: 'appns',
  name: 'dr-site',
  mode: 'async',
  sourceDomain: 'primary',
  sourceEpoch: 2,
  destinationDomain: 'dr-site',
  destinationEpoch: 3,
  store: { kind: 'fs', path: '/srv/store' },
  repository: { masterKeyRef: { env: 'TANDEM_SECRET_REPOSITORY_KEY' } },
  destinationAccess: { namespace: 'appns', name: 'dr-site-platform' },
};
const ANSWERS: Record<string, unknown> = {
  'resolve-pair': resolvedAsync,
  'group-snapshot': {
    groupSnapshotId: 'appns-protect-interval-2026-11-26-100000',
    takenAt: '2026-11-26T10:00:01.000Z',
    volumes: [{ claim, volume: 'pvc-1', snapshotVolume: 'pvc-1.snapshot' }],
    heldMs: 120,
    warnings: [],
  },
  'back-up-volumes': {
    groupSnapshotId: 'g',
    recoveryPoints: [{ volume: 'pvc-1.snapshot', recoveryPointId: 'rp-1', files: 10, bytes: 1000, bytesUploaded: 100 }],
  },
  'prepare-destination-volumes': { volumes: [{ claim, volume: 'pvc-9' }] },
  'restore-on-destination': { restores: [{ claim, targetVolume: 'pvc-9', recoveryPointId: 'rp-1', bytes: 1000, bytesFetched: 100 }] },
  'commit-recovery-point': { namespace: 'appns', schedule: 'appns-protect', clusterPair: 'dr-site', migration: 'm', takenAt: '2026-11-26T10:00:01.000Z', rpoSeconds: 3 },
  'migrate-resources': { total: 8, applied: 8, unchanged: 0, failed: 0, purged: 0, resources: [] },
};

/** Runs the saga the way the engine does, answering each command with `answer(step)`. */
type Answer = { ok: true; output: unknown } | { ok: false; reason: string };

function run(start: ProtectInput, answer: (step: string, s: State) => Answer) {
  let state = saga.initialState();
  const commands: SagaCommand[] = [];
  let trigger: SagaTrigger | undefined = { kind: 'start', input: start };
  for (let turn = 0; trigger && turn < 40; turn++) {
    for (const e of saga.decide(state, trigger, new Date(t0.getTime() + turn * 1000), SAGA_ID)) {
      state = saga.evolve(state, e);
      commands.push(...saga.effects(state, e, SAGA_ID).commands);
    }
    if (!state.awaiting) break;
    const ref: SagaRef = { sagaId: SAGA_ID, ...state.current! };
    const a = answer(state.current!.step, state);
    trigger = a.ok ? { kind: 'reply', ref, outcome: 'succeeded', output: a.output } : { kind: 'reply', ref, outcome: 'failed', reason: a.reason, retryable: false };
  }
  return { state, commands };
}

const everythingSucceeds = (step: string) => ({ ok: true as const, output: ANSWERS[step] });

describe('the protect saga', () => {
  it('runs every stage in order, each command valid against its contract, and reports Successful', () => {
    const { state, commands } = run(input(), everythingSucceeds);
    expect(state.phase).toBe('Completed');
    expect(commands.map((c) => c.message.name)).toEqual([
      'resolve-cluster-pair',
      'take-group-snapshot',
      'back-up-volumes',
      'prepare-destination-volumes',
      'restore-on-destination',
      'commit-recovery-point',
      'migrate-resources',
      'migration-finished',
    ]);
    for (const c of commands) {
      const parsed = CATALOG.get(c.message.type)!.schema.parse(c.data, c.message.name);
      expect(parsed).toEqual(expect.objectContaining({ ok: true }));
    }
    const byName = new Map(commands.map((c) => [c.message.name, c]));
    expect(byName.get('back-up-volumes')).toMatchObject({
      scope: 'primary',
      data: { epoch: 2, requestId: `${SAGA_ID}.back-up-volumes`, volumes: [{ name: 'pvc-1.snapshot' }], store: { kind: 'fs' } },
    });
    expect(byName.get('restore-on-destination')!.data).toMatchObject({
      destinationDomain: 'dr-site',
      epoch: 3,
      restores: [{ claim, volume: 'pvc-1.snapshot', recoveryPointId: 'rp-1', targetVolume: 'pvc-9' }],
    });
    expect(byName.get('commit-recovery-point')!.data).toMatchObject({ takenAt: '2026-11-26T10:00:01.000Z', intervalSeconds: 5, volumes: [{ recoveryPointId: 'rp-1', bytesUploaded: 100 }] });
    expect(byName.get('migrate-resources')!.data).toMatchObject({ startApplications: false, destinationAccess: { name: 'dr-site-platform' } });
    expect(byName.get('migration-finished')).toMatchObject({ message: MigrationFinished, id: `${SAGA_ID}/end/0`, data: { status: 'Successful', namespace: 'appns' } });
  });

  it('moves no volume data for a metro pair, or when the schedule excludes volumes, but still runs the rules and resources', () => {
    const metro = run(input(), (step) => ({ ok: true, output: step === 'resolve-pair' ? { ...resolvedAsync, mode: 'sync', store: undefined, repository: undefined } : { ...(ANSWERS[step] as object), ...(step === 'group-snapshot' ? { volumes: [] } : {}) } }));
    expect(metro.commands.map((c) => c.message.name)).toEqual(['resolve-cluster-pair', 'take-group-snapshot', 'migrate-resources', 'migration-finished']);
    expect(metro.commands[1]!.data).toMatchObject({ includeVolumes: false });

    const noRules = run(input({ includeVolumes: false, preExecRule: undefined, postExecRule: undefined }), everythingSucceeds);
    expect(noRules.commands.map((c) => c.message.name)).toEqual(['resolve-cluster-pair', 'migrate-resources', 'migration-finished']);
  });

  it('reports PartialSuccess naming the resources that failed, and Failed with the reason of a failed step', () => {
    const partial = run(input(), (step) =>
      step === 'migrate-resources'
        ? { ok: true, output: { total: 3, applied: 2, unchanged: 0, failed: 1, purged: 0, resources: [{ apiVersion: 'v1', kind: 'Service', namespace: 'appns', name: 'pg', status: 'Failed', reason: 'port 5432 is taken' }] } }
        : everythingSucceeds(step),
    );
    expect(partial.commands.at(-1)!.data).toMatchObject({ status: 'PartialSuccess', reason: '1 of 3 resources failed: Service appns/pg: port 5432 is taken' });

    const failed = run(input(), (step) => (step === 'group-snapshot' ? { ok: false, reason: 'Rule appns/pg-presnap does not exist' } : everythingSucceeds(step)));
    expect(failed.state.phase).toBe('Compensated');
    const finished = failed.commands.at(-1)!;
    expect(finished.message).toBe(MigrationFinished);
    expect(finished.data).toMatchObject({ status: 'Failed', reason: expect.stringContaining('Rule appns/pg-presnap does not exist') });
    expect(failed.commands.map((c) => c.message.name)).not.toContain('back-up-volumes');
  });

  it('runs a one-off migration (no schedule): every step as a scheduled run, its recovery point keyed by the migration', () => {
    const oneOff: ProtectInput = { migration: 'appns-now', namespace: 'appns', firedAt: t0.toISOString(), template: input().template };
    expect(saga.input.parse(oneOff, 'input')).toEqual(expect.objectContaining({ ok: true }));
    const { state, commands } = run(oneOff, everythingSucceeds);
    expect(state.phase).toBe('Completed');
    expect(commands.map((c) => c.message.name)).toEqual([
      'resolve-cluster-pair',
      'take-group-snapshot',
      'back-up-volumes',
      'prepare-destination-volumes',
      'restore-on-destination',
      'commit-recovery-point',
      'migrate-resources',
      'migration-finished',
    ]);
    for (const c of commands) expect(CATALOG.get(c.message.type)!.schema.parse(c.data, c.message.name)).toEqual(expect.objectContaining({ ok: true }));
    const commit = commands.find((c) => c.message.name === 'commit-recovery-point')!.data as Record<string, unknown>;
    expect(commit).toMatchObject({ schedule: 'appns-now', migration: 'appns-now', namespace: 'appns' });
    expect(commit).not.toHaveProperty('intervalSeconds');
    expect(commands.find((c) => c.message.name === 'take-group-snapshot')!.data).toMatchObject({ runId: 'appns-now' });
    expect(commands.at(-1)).toMatchObject({ data: { status: 'Successful', migration: 'appns-now' } });
    // A scheduled run keeps its schedule as the key.
    const scheduled = run(input(), everythingSucceeds).commands.find((c) => c.message.name === 'commit-recovery-point')!;
    expect(scheduled.data).toMatchObject({ schedule: 'appns-protect' });
  });

  it('names its saga after the migration, within 64 characters', () => {
    expect(protectSagaId('appns', 'appns-protect-interval-2026-11-26-100000')).toBe('protect_appns_appns-protect-interval-2026-11-26-100000');
    const long = protectSagaId('a'.repeat(63), 'b'.repeat(63));
    expect(long).toMatch(/^protect_[0-9a-f]{40}$/);
    expect(protectSagaId('a'.repeat(63), 'b'.repeat(63))).toBe(long);
  });
});
