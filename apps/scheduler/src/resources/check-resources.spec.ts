import { ARTICLE_MIGRATION_SCHEDULE, ARTICLE_SCHEDULE_POLICY } from '@tandem/resources';
import { checkResources } from './check-resources';
import { readJson, readYaml } from './read-documents';

const where = (problems: { document?: number; path: string; line?: number; message: string }[]) =>
  problems.map(({ document, path, line, message }) => ({ document, path, line, message }));

describe('reading and judging resources for the scheduler', () => {
  it("takes the article's SchedulePolicy and MigrationSchedule as written", () => {
    const checked = checkResources(readYaml(`${ARTICLE_SCHEDULE_POLICY}---\n${ARTICLE_MIGRATION_SCHEDULE}`, {}));
    expect(checked.problems).toEqual([]);
    expect(checked.policies.map((p) => [p.document, p.policy])).toEqual([
      [
        1,
        {
          name: 'sched-policy',
          namespace: 'appns',
          timeZone: 'UTC',
          interval: { intervalMinutes: 1, retain: 10 },
          daily: { time: '10:14PM', retain: 30 },
          weekly: { day: 'Thursday', time: '10:13PM', retain: 7 },
          monthly: { date: 14, time: '8:05PM', retain: 12 },
        },
      ],
    ]);
    expect(checked.schedules.map((s) => [s.document, s.schedule.name, s.schedule.includeVolumes, s.schedule.namespaces])).toEqual([[2, 'migrationschedule', false, ['demo']]]);
  });

  it("places the scheduling lib's problems in the document, with the field's line", () => {
    const yaml = `---
${ARTICLE_SCHEDULE_POLICY.replace('time: "10:14PM"', 'time: "25:00"').replace('intervalMinutes: 1', 'intervalMinutes: 1\n    intervalSeconds: 30')}---
${ARTICLE_MIGRATION_SCHEDULE.replace('namespaces:\n        - demo', 'namespaces:\n        - demo\n      selectors:\n        app.kubernetes.io/name: pg\n      excludeSelectors:\n        app.kubernetes.io/name: pg')}`;
    const checked = checkResources(readYaml(yaml, {}));
    expect(where(checked.problems)).toEqual([
      { document: 1, path: 'policy.interval', line: 8, message: 'has both intervalMinutes and intervalSeconds' },
      { document: 1, path: 'policy.daily.time', line: 12, message: '"25:00" is not a time of day' },
      {
        document: 2,
        path: 'spec.template.spec.excludeSelectors["app.kubernetes.io/name"]',
        line: 37,
        message: 'excludes app.kubernetes.io/name=pg, which selectors requires, so nothing would be migrated',
      },
    ]);
    expect(checked.problems[1]!.fix).toMatch(/10:14PM|22:14/);
  });

  it('keeps the problems the resources lib found, and refuses kinds the scheduler does not keep', () => {
    const yaml = `${ARTICLE_MIGRATION_SCHEDULE.replace('includeVolumes: false', 'includeVolumes: yes')}---
apiVersion: stork.libopenstorage.org/v1alpha1
kind: Rule
metadata: {name: pre, namespace: appns}
rules:
  - podSelector: {app: pg}
    actions: [{type: command, value: sync}]
---
${ARTICLE_SCHEDULE_POLICY}---
${ARTICLE_SCHEDULE_POLICY}`;
    const checked = checkResources(readYaml(yaml, {}));
    expect(where(checked.problems)).toEqual([
      { document: 1, path: 'spec.template.spec.includeVolumes', line: 12, message: expect.stringContaining('expected true or false') },
      { document: 2, path: 'kind', line: 18, message: 'the scheduler does not keep Rule resources' },
      { document: 4, path: 'metadata.name', line: 44, message: 'SchedulePolicy "sched-policy" is already in document 3 of this request' },
    ]);
    expect(checked.policies.map((p) => p.document)).toEqual([3]);
  });

  it('reads JSON: one resource, a list, or a List, numbering the documents', () => {
    const policy = { apiVersion: 'tandem.dev/v1alpha1', kind: 'SchedulePolicy', metadata: { name: 'fast' }, policy: { interval: { intervalSeconds: 0 } } };
    const list = { kind: 'List', items: [{ kind: 'ClusterPair' }, policy] };
    const checked = checkResources(readJson(list, {}));
    expect(where(checked.problems)).toEqual([
      { document: 1, path: 'kind', line: undefined, message: 'the scheduler does not keep ClusterPair resources' },
      { document: 2, path: 'policy.interval.intervalSeconds', line: undefined, message: expect.stringContaining('0') },
    ]);
    const one = checkResources(readJson({ ...policy, policy: { interval: { intervalSeconds: 5 } } }, {}));
    expect(one.problems).toEqual([]);
    expect(one.policies[0]!.policy.interval).toEqual({ intervalSeconds: 5, retain: 10 });
    expect(where(checkResources(readJson('nope', {})).problems)).toEqual([{ document: undefined, path: '', line: undefined, message: 'the body is not a JSON object or array' }]);
  });

  it('says that one-off Migrations are kept by the coordinator, from YAML and from JSON', () => {
    const migration = 'apiVersion: stork.libopenstorage.org/v1alpha1\nkind: Migration\nmetadata: {name: appns-now, namespace: appns}\nspec: {clusterPair: dr-site, namespaces: [appns]}\n';
    const yaml = checkResources(readYaml(migration, {})).problems;
    expect(where(yaml)).toEqual([{ document: 1, path: 'kind', line: 2, message: 'the scheduler does not keep Migration resources; one-off Migrations are kept by the coordinator' }]);
    expect(yaml[0]!.fix).toMatch(/coordinator/);
    const json = checkResources(readJson({ kind: 'Migration' }, {})).problems;
    expect(json.map((p) => p.message)).toEqual(['the scheduler does not keep Migration resources; one-off Migrations are kept by the coordinator']);
  });

  it('puts a MigrationSchedule without a namespace in the one asked for', () => {
    const checked = checkResources(readYaml(ARTICLE_MIGRATION_SCHEDULE.replace('  namespace: appns\n', ''), { defaultNamespace: 'prod' }));
    expect(checked.schedules[0]!.schedule.namespace).toBe('prod');
  });
});
