import { parseResourceDocuments } from '@tandem/resources';
import { ruleDocuments, scheduleDocuments } from './protect-resources.yaml';

describe('the DR resources of the two-site lab', () => {
  it('are valid documents for the snapshot service and the scheduler', () => {
    const rules = parseResourceDocuments(ruleDocuments('appns'));
    expect(rules.problems).toEqual([]);
    expect(rules.resources.map((r) => [r.kind, r.metadata.namespace, r.metadata.name])).toEqual([
      ['Rule', 'appns', 'pg-presnap'],
      ['Rule', 'appns', 'pg-postsnap'],
    ]);
    const schedule = parseResourceDocuments(
      scheduleDocuments({ namespace: 'appns', clusterPair: 'dr-site', policyName: 'every-5s', intervalSeconds: 5, retain: 3, scheduleName: 'appns-protect' }),
    );
    expect(schedule.problems).toEqual([]);
    expect(schedule.resources).toEqual([
      expect.objectContaining({ kind: 'SchedulePolicy', metadata: expect.objectContaining({ name: 'every-5s' }), policy: { interval: expect.objectContaining({ intervalSeconds: 5, retain: 3 }) } }),
      expect.objectContaining({
        kind: 'MigrationSchedule',
        metadata: expect.objectContaining({ namespace: 'appns', name: 'appns-protect' }),
        schedulePolicyName: 'every-5s',
        template: expect.objectContaining({ clusterPair: 'dr-site', namespaces: ['appns'], includeResources: true, includeVolumes: true, startApplications: false, preExecRule: 'pg-presnap', postExecRule: 'pg-postsnap' }),
      }),
    ]);
  });

  it('hold the writes with a psql session locking the ledger until ${WAIT_CMD} returns', () => {
    const [pre] = parseResourceDocuments(ruleDocuments('appns')).resources as { rules: { actions: { value: string; background: boolean }[] }[] }[];
    expect(pre!.rules[0]!.actions).toEqual([
      expect.objectContaining({ value: 'psql -v ON_ERROR_STOP=1 -c CHECKPOINT', background: false }),
      expect.objectContaining({ value: "psql -v ON_ERROR_STOP=1 -c 'BEGIN' -c 'LOCK TABLE ledger IN SHARE MODE' -c '\\! ${WAIT_CMD}' -c 'COMMIT'", background: true }),
    ]);
  });
});
