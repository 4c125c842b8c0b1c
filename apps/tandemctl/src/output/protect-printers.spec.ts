import { applicationView, clusterPairView, ruleView, sagaMigrationView, scheduledMigration, scheduleView } from '../testing/recorded-views';
import { applicationTable } from './application.printer';
import { clusterPairTable } from './cluster-pair.printer';
import { describePolicy, describeSchedule, renderFields, valueFields } from './describe.printer';
import { parseResourceDocuments } from '@tandem/resources';
import { clusterPairPrintable, migrationRowPrintable, rulePrintable, toYamlOutput } from './manifest.output';
import { mergeMigrations } from './migration-rows';
import { migrationTable } from './migration.printer';
import { formatBytes } from './quantity.format';
import { ruleTable } from './rule.printer';

const NOW = new Date('2026-11-26T07:30:00Z');

describe('migrations merged from the coordinator and the scheduler', () => {
  it("takes the coordinator's stage and counts, the scheduler's record for what it does not know, newest first", () => {
    const run = sagaMigrationView();
    const rows = mergeMigrations([run], [scheduledMigration({ name: run.name, status: 'InProgress', createdAt: run.createdAt }), scheduledMigration()], () => 'from-schedule', NOW);
    expect(rows.map((r) => [r.name, r.stage, r.status, r.clusterPair, r.volumes?.done])).toEqual([
      ['migrationschedule-interval-2026-11-26-072900', 'Initial', 'Pending', 'from-schedule', undefined],
      [run.name, 'Volumes', 'InProgress', 'dr-site', 1],
    ]);
    expect(rows[1]!.scheduled?.policyType).toBe('interval');
  });

  it("reads the scheduler's record of a run the coordinator does not know: Initial, - while running, Final once ended", () => {
    const rows = mergeMigrations(undefined, [scheduledMigration({ status: 'InProgress' }), scheduledMigration({ name: 'z-run', status: 'Failed', reason: 'no pair', finishedAt: '2026-11-26T07:29:10.120Z' })], () => undefined, NOW);
    expect(rows.map((r) => [r.stage, r.status, r.reason, r.elapsedMs])).toEqual([
      ['-', 'InProgress', undefined, 59_880],
      ['Final', 'Failed', 'no pair', 10_000],
    ]);
  });

  it('prints every namespace, and wide with bytes, schedule, policy type, missed runs and reason', () => {
    const rows = mergeMigrations([sagaMigrationView({ namespace: 'shop', status: 'Failed', stage: 'Final', reason: 'restore failed', elapsedSeconds: 3700 })], [], () => undefined, NOW);
    expect(migrationTable(rows, { wide: true, withNamespace: true })).toBe(
      'NAMESPACE   NAME                                           CLUSTERPAIR   STAGE   STATUS   VOLUMES   RESOURCES   CREATED                   ELAPSED   BYTES           SCHEDULE            POLICY-TYPE   MISSED   REASON\n' +
        'shop        migrationschedule-interval-2026-11-26-072800   dr-site       Final   Failed   1/3       0/12        2026-11-26 07:28:00 UTC   1h1m      1.0MiB/3.0MiB   migrationschedule   -             -        restore failed\n',
    );
  });

  it("prints -o yaml of a run with how the scheduler fired it", () => {
    const run = sagaMigrationView();
    const [row] = mergeMigrations([run], [scheduledMigration({ name: run.name, missed: 2 })], () => undefined, NOW);
    const printable = migrationRowPrintable(row!);
    expect(printable.object).toEqual({ apiVersion: 'tandem.dev/v1alpha1', kind: 'Migration', metadata: { name: run.name, namespace: 'appns' } });
    expect(printable.status).toEqual(expect.objectContaining({ stage: 'Volumes', volumes: { done: 1, total: 3 }, policyType: 'interval', missed: 2 }));
  });
});

describe('cluster pairs, rules and applications', () => {
  it('prints pairs of every namespace with their namespace, and a pair whose spec cannot be read back as it was answered', () => {
    const metro = clusterPairView({ name: 'metro', spec: { destination: { endpoints: [] } }, status: { mode: 'sync', state: 'NotReady' } });
    expect(clusterPairTable([metro], NOW, { withNamespace: true, wide: true })).toBe(
      'NAMESPACE   NAME    MODE   STATUS     CHECKED   CREATED                   DOMAIN   ENDPOINTS   OBJECT-STORE   REASON\n' +
        'appns       metro   sync   NotReady   30s ago   2026-11-26 07:00:00 UTC   -        -           -              -\n',
    );
    const yaml = toYamlOutput([clusterPairPrintable(metro)]);
    expect(yaml).toContain('kind: ClusterPair\n');
    expect(yaml).toContain('\nstatus:\n  state: NotReady\n');
  });

  it('prints rules wide with their commands', () => {
    expect(ruleTable([ruleView()], { wide: true }).split('\n')[1]).toMatch(/ {3}psql -U postgres -c CHECKPOINT; sleep 1; \$\{WAIT_CMD\}$/);
  });

  it('prints a stored rule as a document apply -f takes back, its timeouts written as durations', () => {
    const yaml = toYamlOutput([rulePrintable(ruleView())]);
    const back = parseResourceDocuments(yaml);
    expect(back.problems).toEqual([]);
    expect(back.resources[0]).toEqual(expect.objectContaining({ kind: 'Rule', rules: [expect.objectContaining({ actions: [expect.objectContaining({ timeoutMs: 30_000, retries: 2 }), expect.objectContaining({ timeoutMs: 90_000, background: true })] })] }));
    expect(yaml).not.toContain('timeoutMs');
  });

  it('prints an RPO and the newest recovery point, or that there is none yet', () => {
    expect(applicationTable([applicationView({ rpoSeconds: 7500 })])).toBe(
      'NAMESPACE   SCHEDULE            CLUSTERPAIR   LAST-RECOVERY-POINT       RPO\nappns       migrationschedule   dr-site       2026-11-26 07:28:00 UTC   2h5m\n',
    );
  });

  it('writes bytes as a person reads them', () => {
    expect([0, 1023, 1024, 1_572_864, 3 * 1024 ** 4].map(formatBytes)).toEqual(['0B', '1023B', '1.0KiB', '1.5MiB', '3.0TiB']);
  });
});

describe('describe', () => {
  it('aligns the values of one level and indents nested fields, leaving out what is not known', () => {
    expect(renderFields([['Name', 'x'], ['Cluster pair', 'dr-site'], ['Reason', undefined], ['Spec', [['A', '1'], ['Longer', '2']]]])).toBe(
      'Name:          x\nCluster pair:  dr-site\nSpec:\n  A:       1\n  Longer:  2\n',
    );
    expect(valueFields({ clusterDomain: 'dr', 'client-key-data': 'c2VjcmV0', list: [{ a: 1 }], empty: [] })).toEqual([
      ['Cluster Domain', 'dr'],
      ['client-key-data', '(hidden; get -o yaml shows it)'],
      ['List', [['#1', [['A', '1']]]]],
      ['Empty', '-'],
    ]);
  });

  it('describes a schedule: its policy, pair, next and last runs, suspension', () => {
    const schedule = scheduleView({ status: { suspended: false, nextFire: { interval: '2026-11-26T07:30:48Z' }, lastRuns: { interval: scheduledMigration({ status: 'Failed', reason: 'no pair' }) }, skippedRuns: 1, lastError: 'policy gone' } });
    expect(describeSchedule(schedule, NOW)).toBe(
      'Name:             migrationschedule\n' +
        'Namespace:        appns\n' +
        'Kind:             MigrationSchedule\n' +
        'API version:      stork.libopenstorage.org/v1alpha1\n' +
        'Created:          2026-11-26 07:00:00 UTC (30m ago)\n' +
        'Schedule policy:  sched-policy\n' +
        'Cluster pair:     dr-site\n' +
        'Namespaces:       appns\n' +
        'Suspended:        false\n' +
        'Auto suspend:     false\n' +
        'Next runs:\n' +
        '  interval:  2026-11-26 07:30:48 UTC (in 48s)\n' +
        'Last runs:\n' +
        '  interval:  migrationschedule-interval-2026-11-26-072900  Failed: no pair  (2026-11-26 07:29:00 UTC)\n' +
        'Skipped runs:     1\n' +
        'Last error:       policy gone\n',
    );
    const suspended = scheduleView({ status: { ...schedule.status, suspended: true, suspendedAt: '2026-11-26T07:20:00Z' } });
    expect(describeSchedule(suspended, NOW)).toContain('Suspended:        true (since 2026-11-26 07:20:00 UTC)\n');
    expect(describeSchedule(suspended, NOW)).toContain('Next runs:        none while suspended\n');
  });

  it('describes a policy with each of its times and what it keeps', () => {
    const text = describePolicy(
      { name: 'p', apiVersion: 'tandem.dev/v1alpha1', policy: { interval: { intervalSeconds: 90, retain: 5 }, weekly: { day: 'Thursday', time: '10:13PM' } }, manifest: {}, usedBy: 1, createdAt: '2026-11-26T07:00:00Z', updatedAt: '2026-11-26T07:00:00Z' },
      NOW,
    );
    expect(text).toContain('Used by:      1 migration schedule\nTime zone:    UTC\nInterval:     every 1m30s, keeps 5\nWeekly:       Thursday at 10:13PM\n');
    expect(text).not.toContain('Daily');
  });
});
