import type { MigrationView, PolicyView, ScheduleView } from '../http/scheduler.views';
import { migrationScheduleTable } from './migration-schedule.printer';
import { mergeMigrations } from './migration-rows';
import { migrationTable } from './migration.printer';
import { formatProblems } from './problems.printer';
import { schedulePolicyTable } from './schedule-policy.printer';
import { renderTable } from './table';
import { formatDuration } from './time.format';

const NOW = new Date('2026-11-26T07:30:00Z');

const policy = (name: string, p: PolicyView['policy'], usedBy = 0): PolicyView => ({
  name,
  apiVersion: 'stork.libopenstorage.org/v1alpha1',
  policy: p,
  manifest: {},
  usedBy,
  createdAt: '2026-11-26T07:25:00Z',
  updatedAt: '2026-11-26T07:25:00Z',
});

const migration = (over: Partial<MigrationView>): MigrationView => ({
  name: 'migrationschedule-interval-2026-11-26-072900',
  namespace: 'appns',
  schedule: 'migrationschedule',
  schedulePolicy: 'sched-policy',
  policyType: 'interval',
  firedAt: '2026-11-26T07:29:00Z',
  missed: 0,
  covers: [],
  status: 'Pending',
  createdAt: '2026-11-26T07:29:00.120Z',
  ...over,
});

describe('tables', () => {
  it('aligns columns three spaces apart with no trailing spaces', () => {
    expect(renderTable(['NAME', 'STATUS'], [['a-long-name', 'ok'], ['b', '']])).toBe('NAME          STATUS\na-long-name   ok\nb\n');
  });

  it("prints schedule policies with storkctl's columns, Tandem's seconds and who uses them", () => {
    const table = schedulePolicyTable(
      [
        policy('sched-policy', { interval: { intervalMinutes: 1 }, daily: { time: '10:14PM' }, weekly: { day: 'Thursday', time: '10:13PM' }, monthly: { date: 14, time: '8:05PM' } }, 1),
        policy('fast', { interval: { intervalSeconds: 30, retain: 3 } }),
      ],
      NOW,
      true,
    );
    expect(table).toBe(
      'NAME           INTERVAL   DAILY     WEEKLY             MONTHLY     USED-BY   AGE   TIMEZONE   RETAIN\n' +
        'sched-policy   1m         10:14PM   Thursday@10:13PM   14@8:05PM   1         5m    UTC        -\n' +
        'fast           30s        -         -                  -           0         5m    UTC        interval=3\n',
    );
  });

  it("prints the scheduler's migrations with storkctl get migration's columns when the coordinator knows none", () => {
    const running = migration({});
    const done = migration({ name: 'migrationschedule-interval-2026-11-26-072800', status: 'Successful', createdAt: '2026-11-26T07:28:00Z', finishedAt: '2026-11-26T07:28:42Z' });
    const table = migrationTable(mergeMigrations(undefined, [done, running], () => 'dr-site', NOW));
    expect(table).toBe(
      'NAME                                           CLUSTERPAIR   STAGE     STATUS       VOLUMES   RESOURCES   CREATED                   ELAPSED\n' +
        'migrationschedule-interval-2026-11-26-072900   dr-site       Initial   Pending      -         -           2026-11-26 07:29:00 UTC   59s\n' +
        'migrationschedule-interval-2026-11-26-072800   dr-site       Final     Successful   -         -           2026-11-26 07:28:00 UTC   42s\n',
    );
  });

  it('prints a schedule with its newest run and when it fires next, or that it is suspended', () => {
    const schedule: ScheduleView = {
      name: 'migrationschedule',
      namespace: 'appns',
      apiVersion: 'stork.libopenstorage.org/v1alpha1',
      schedulePolicyName: 'sched-policy',
      template: { clusterPair: 'dr-site', namespaces: ['demo'] },
      suspend: false,
      autoSuspend: false,
      manifest: {},
      createdAt: '2026-11-26T07:00:00Z',
      updatedAt: '2026-11-26T07:00:00Z',
      status: {
        suspended: false,
        nextFire: { interval: '2026-11-26T07:30:48Z', daily: '2026-11-26T22:14:00Z' },
        lastRuns: { interval: migration({ status: 'Successful' }) },
        skippedRuns: 0,
      },
    };
    expect(migrationScheduleTable([schedule], NOW, { withNamespace: true })).toBe(
      'NAMESPACE   NAME                POLICYNAME     CLUSTERPAIR   SUSPEND   LAST-RUN   LAST-STATUS   NEXT-RUN   AGE\n' +
        'appns       migrationschedule   sched-policy   dr-site       false     1m ago     Successful    in 48s     30m\n',
    );
    const suspended = { ...schedule, status: { ...schedule.status, suspended: true } };
    expect(migrationScheduleTable([suspended], NOW)).toContain('   true      1m ago     Successful    suspended   30m\n');
  });

  it('writes durations as kubectl writes ages', () => {
    expect([0, 59_999, 60_000, 192_000, 7_500_000, 90_000_000].map(formatDuration)).toEqual(['0s', '59s', '1m', '3m12s', '2h5m', '1d1h']);
  });
});

describe('problems', () => {
  it('prints each with file:line:column, the document, the field, what is wrong and the fix', () => {
    expect(
      formatProblems('bad.yaml', [
        { document: 1, kind: 'SchedulePolicy', name: 'bad-policy', path: 'policy.daily.time', line: 9, column: 5, message: '"25:00" is not a time of day', fix: 'write a time of day, e.g. "10:14PM"' },
        { document: 2, path: '', line: 3, column: 1, message: 'the YAML is malformed: bad indentation', fix: 'check the indentation' },
      ]),
    ).toBe(
      'bad.yaml:9:5: document 1, SchedulePolicy "bad-policy", field policy.daily.time\n  "25:00" is not a time of day\n  fix: write a time of day, e.g. "10:14PM"\n' +
        'bad.yaml:3:1: document 2\n  the YAML is malformed: bad indentation\n  fix: check the indentation\n',
    );
  });
});
