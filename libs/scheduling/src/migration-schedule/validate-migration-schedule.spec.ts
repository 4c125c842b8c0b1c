import { InvalidInputError } from '@tandem/contracts';
import { articleMigrationScheduleDocument } from '../testing/scheduling.fixture';
import { SchedulingValidationError } from '../validation/scheduling-validation.error';
import { ValidationIssue } from '../validation/validation-issue';
import { parseMigrationSchedule, validateMigrationSchedule } from './validate-migration-schedule';

const minimal = { name: 'pg-protect', namespace: 'appns', clusterPair: 'dr-site', namespaces: ['appns'], schedulePolicyName: 'every-minute' };
const issuesOf = (input: unknown): ValidationIssue[] => {
  const result = validateMigrationSchedule(input);
  if (result.ok) throw new Error(`expected issues, got ${JSON.stringify(result.value)}`);
  return result.issues;
};

describe('validateMigrationSchedule', () => {
  it("accepts the article's schedule, keeping what it sets and defaulting the rest", () => {
    expect(validateMigrationSchedule(articleMigrationScheduleDocument())).toEqual({
      ok: true,
      value: {
        name: 'migrationschedule',
        namespace: 'appns',
        clusterPair: 'dr-site',
        namespaces: ['demo'],
        includeResources: true,
        includeVolumes: false,
        startApplications: false,
        purgeDeletedResources: false,
        schedulePolicyName: 'sched-policy',
        suspend: false,
        autoSuspend: false,
      },
    });
  });

  it("fills in Stork's defaults: resources and volumes included, applications not started", () => {
    const result = validateMigrationSchedule(minimal);
    expect(result.ok && result.value).toMatchObject({
      includeResources: true,
      includeVolumes: true,
      startApplications: false,
      purgeDeletedResources: false,
      suspend: false,
      autoSuspend: false,
    });
  });

  it('keeps selectors, rules and flags that are given', () => {
    const result = validateMigrationSchedule({
      ...minimal,
      selectors: { app: 'postgres', 'app.kubernetes.io/part-of': 'billing' },
      excludeSelectors: { 'tandem.dev/skip': 'true' },
      preExecRule: 'pg-checkpoint',
      postExecRule: 'pg-release',
      startApplications: true,
      purgeDeletedResources: true,
      suspend: true,
      autoSuspend: true,
    });
    expect(result.ok && result.value).toMatchObject({
      selectors: { app: 'postgres', 'app.kubernetes.io/part-of': 'billing' },
      excludeSelectors: { 'tandem.dev/skip': 'true' },
      preExecRule: 'pg-checkpoint',
      postExecRule: 'pg-release',
      startApplications: true,
      suspend: true,
      autoSuspend: true,
    });
  });

  it('reports every problem at once, each with its field, what is wrong and what to do', () => {
    const issues = issuesOf({
      name: 'PG Protect',
      namespace: 'app_ns',
      namespaces: ['appns', 'Bad', 'appns', 7],
      selectors: { 'app!': 'pg', tier: 'db/primary' },
      includeVolumes: 'yes',
      schedulePolicyName: 'sched-policy',
    });
    expect(issues.map((i) => i.path)).toEqual([
      'name',
      'namespace',
      'clusterPair',
      'namespaces[1]',
      'namespaces[2]',
      'namespaces[3]',
      'selectors.app!',
      'selectors.tier',
      'includeVolumes',
    ]);
    expect(issues).toContainEqual({
      path: 'clusterPair',
      problem: 'is missing.',
      fix: 'name the ClusterPair to migrate to, e.g. "dr-site".',
    });
    expect(issues).toContainEqual({ path: 'namespaces[2]', problem: '"appns" is listed twice.', fix: 'list it once.' });
    expect(issues).toContainEqual({
      path: 'includeVolumes',
      problem: 'expected true or false, got "yes".',
      fix: 'write true or false (the default is true).',
    });
  });

  it('names an unknown field and suggests the one meant', () => {
    expect(issuesOf({ ...minimal, clusterpair: 'x', startApplication: true })).toEqual([
      { path: 'clusterpair', problem: 'is not a field Tandem knows here.', fix: 'did you mean "clusterPair"? Rename it.' },
      { path: 'startApplication', problem: 'is not a field Tandem knows here.', fix: 'did you mean "startApplications"? Rename it.' },
    ]);
  });

  it('refuses a schedule that would migrate nothing', () => {
    expect(issuesOf({ ...minimal, namespaces: [] }).map((i) => i.problem)).toEqual(['is empty, so nothing would be migrated.']);
    expect(issuesOf({ ...minimal, includeResources: false, includeVolumes: false })).toEqual([
      {
        path: 'includeVolumes',
        problem: 'is false and so is includeResources, so a migration would move nothing.',
        fix: 'set includeResources or includeVolumes (or both) to true.',
      },
    ]);
    expect(issuesOf({ ...minimal, selectors: { app: 'pg' }, excludeSelectors: { app: 'pg' } })).toEqual([
      {
        path: 'excludeSelectors.app',
        problem: 'excludes app=pg, which selectors requires, so nothing would be migrated.',
        fix: 'remove the label from one of the two.',
      },
    ]);
  });

  it('parseMigrationSchedule throws an InvalidInputError that names the schedule and lists the problems', () => {
    const parse = () => parseMigrationSchedule({ ...minimal, schedulePolicyName: undefined });
    expect(parse).toThrow(SchedulingValidationError);
    expect(parse).toThrow(InvalidInputError);
    expect(parse).toThrow(
      'MigrationSchedule "pg-protect" is invalid (1 problem):\n' +
        '- schedulePolicyName: is missing. Fix: name the SchedulePolicy that says when to migrate, e.g. "sched-policy".',
    );
    expect(parseMigrationSchedule(minimal).name).toBe('pg-protect');
  });
});
