import { ARTICLE_MIGRATION_SCHEDULE, ARTICLE_SCHEDULE_POLICY, type DrResource, parseResourceDocuments, toManifest } from '@tandem/resources';
import type { ScheduleView } from '../http/scheduler.views';
import { policyPrintable, schedulePrintable, toJsonOutput, toYamlOutput } from './manifest.output';

const read = (yaml: string): DrResource => parseResourceDocuments(yaml).resources[0]!;

const scheduleView = (suspend: boolean): ScheduleView => ({
  name: 'migrationschedule',
  namespace: 'appns',
  apiVersion: 'stork.libopenstorage.org/v1alpha1',
  schedulePolicyName: 'sched-policy',
  template: { clusterPair: 'dr-site', namespaces: ['demo'] },
  suspend,
  autoSuspend: false,
  manifest: toManifest(read(ARTICLE_MIGRATION_SCHEDULE)),
  createdAt: '2026-11-26T07:00:00Z',
  updatedAt: '2026-11-26T07:00:00Z',
  status: { suspended: suspend, nextFire: {}, lastRuns: {}, skippedRuns: 0 },
});

describe('-o yaml and -o json', () => {
  it('print documents that read back as the resources applied, status aside', () => {
    const policy = { name: 'sched-policy', apiVersion: 'stork.libopenstorage.org/v1alpha1', policy: {}, manifest: toManifest(read(ARTICLE_SCHEDULE_POLICY)), usedBy: 1, createdAt: '', updatedAt: '' };
    const yaml = toYamlOutput([policyPrintable(policy), schedulePrintable(scheduleView(false))]);
    const back = parseResourceDocuments(yaml);
    expect(back.problems).toEqual([]);
    expect(back.resources).toEqual([read(ARTICLE_SCHEDULE_POLICY), read(ARTICLE_MIGRATION_SCHEDULE)]);
    expect(yaml).toContain('---\napiVersion: stork.libopenstorage.org/v1alpha1\nkind: MigrationSchedule\n');
    expect(yaml).toMatch(/\nstatus:\n {2}suspended: false\n/);
  });

  it('show a schedule suspended by tandemctl suspend as spec.suspend: true', () => {
    const json = JSON.parse(toJsonOutput([schedulePrintable(scheduleView(true))], true)) as { spec: { suspend: boolean }; status: { suspended: boolean } };
    expect(json.spec.suspend).toBe(true);
    expect(json.status.suspended).toBe(true);
    expect(JSON.parse(toJsonOutput([], false))).toEqual({ apiVersion: 'v1', kind: 'List', items: [] });
  });
});
