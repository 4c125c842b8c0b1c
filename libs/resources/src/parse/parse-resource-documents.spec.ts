import {
  ARTICLE_MIGRATION_SCHEDULE,
  ARTICLE_MIGRATION_SCHEDULE_SUSPENDED,
  ARTICLE_RULE,
  ARTICLE_SCHEDULE_POLICY,
} from '../fixtures/article.fixtures';
import { STORK_README_GENERATED_TEMPLATE } from '../fixtures/stork-examples.fixtures';
import { MigrationSchedule } from '../model/migration-schedule.model';
import { Rule } from '../model/rule.model';
import { SchedulePolicy } from '../model/schedule-policy.model';
import { formatProblem } from '../problems/resource-problem';
import { parseResourceDocuments } from './parse-resource-documents';

const STORK = 'stork.libopenstorage.org/v1alpha1';
const noLabels = { labels: {}, annotations: {} };

describe('the PX-DR on OpenShift article, indentation restored', () => {
  it('reads cassandra-presnap-rule, whose items are under spec:, into a rule that flushes every Cassandra pod', () => {
    const { resources, problems, warnings } = parseResourceDocuments(ARTICLE_RULE, { defaultNamespace: 'appns' });
    expect(problems).toEqual([]);
    expect(resources).toEqual<Rule[]>([
      {
        kind: 'Rule',
        apiVersion: STORK,
        metadata: { name: 'cassandra-presnap-rule', namespace: 'appns', ...noLabels },
        rules: [
          {
            podSelector: { app: 'cassandra' },
            actions: [{ type: 'command', value: 'nodetool flush', background: false, runInSinglePod: false, timeoutMs: 300_000, retries: 0 }],
          },
        ],
      },
    ]);
    expect(warnings).toEqual([
      {
        document: 1,
        kind: 'Rule',
        name: 'cassandra-presnap-rule',
        path: 'spec',
        line: 5,
        column: 1,
        message: 'the rule items are under spec:, as in the PX-DR article; Stork reads them only under rules:',
        fix: 'rename spec: to rules: so that Stork reads the same rule as Tandem',
      },
    ]);
  });

  it('reads sched-policy with its four policy types, values as written', () => {
    const { resources, problems } = parseResourceDocuments(ARTICLE_SCHEDULE_POLICY);
    expect(problems).toEqual([]);
    expect(resources).toEqual<SchedulePolicy[]>([
      {
        kind: 'SchedulePolicy',
        apiVersion: STORK,
        metadata: { name: 'sched-policy', namespace: 'appns', ...noLabels },
        policy: {
          interval: { intervalMinutes: 1 },
          daily: { time: '10:14PM' },
          weekly: { day: 'Thursday', time: '10:13PM' },
          monthly: { date: 14, time: '8:05PM' },
        },
      },
    ]);
  });

  const articleSchedule = (suspend: boolean): MigrationSchedule => ({
    kind: 'MigrationSchedule',
    apiVersion: STORK,
    metadata: { name: 'migrationschedule', namespace: 'appns', ...noLabels },
    template: {
      clusterPair: 'dr-site',
      namespaces: ['demo'],
      selectors: {},
      excludeSelectors: {},
      includeResources: true,
      includeVolumes: false,
      startApplications: false,
      purgeDeletedResources: false,
      includeOptionalResourceTypes: [],
    },
    schedulePolicyName: 'sched-policy',
    suspend,
    autoSuspend: false,
  });

  it('reads migrationschedule: resources only (metro), applications not started, not suspended', () => {
    const { resources, problems, warnings } = parseResourceDocuments(ARTICLE_MIGRATION_SCHEDULE);
    expect(problems).toEqual([]);
    expect(warnings).toEqual([]);
    expect(resources).toEqual([articleSchedule(false)]);
  });

  it('reads the same schedule with suspend: true, as applied during the failover', () => {
    const { resources, problems } = parseResourceDocuments(ARTICLE_MIGRATION_SCHEDULE_SUSPENDED);
    expect(problems).toEqual([]);
    expect(resources).toEqual([articleSchedule(true)]);
  });

  it('reads all three from one stream, in order', () => {
    const stream = [ARTICLE_RULE, ARTICLE_SCHEDULE_POLICY, ARTICLE_MIGRATION_SCHEDULE].join('---\n');
    const { resources, problems } = parseResourceDocuments(stream, { defaultNamespace: 'appns' });
    expect(problems).toEqual([]);
    expect(resources.map((r) => `${r.kind}/${r.metadata.namespace}/${r.metadata.name}`)).toEqual([
      'Rule/appns/cassandra-presnap-rule',
      'SchedulePolicy/appns/sched-policy',
      'MigrationSchedule/appns/migrationschedule',
    ]);
  });
});

describe('parseResourceDocuments', () => {
  it('puts a document without a namespace in the default namespace, or the caller\'s', () => {
    expect(parseResourceDocuments(ARTICLE_RULE).resources[0].metadata.namespace).toBe('default');
    expect(parseResourceDocuments(ARTICLE_RULE, { defaultNamespace: 'appns' }).resources[0].metadata.namespace).toBe('appns');
  });

  it('refuses a default namespace that is not a namespace name', () => {
    expect(parseResourceDocuments(ARTICLE_RULE, { defaultNamespace: 'App NS' }).problems.map(({ path, message }) => ({ path, message }))).toEqual([
      { path: 'metadata.namespace', message: 'the default namespace "App NS" is not a namespace name' },
    ]);
  });

  it('keeps a SchedulePolicy cluster-scoped: no namespace unless written', () => {
    const text = ARTICLE_SCHEDULE_POLICY.replace('  namespace: appns\n', '');
    expect(parseResourceDocuments(text, { defaultNamespace: 'appns' }).resources[0].metadata).toEqual({ name: 'sched-policy', ...noLabels });
  });

  it('reports malformed YAML with its line and column (Stork README\'s storkctl generate template is mis-indented)', () => {
    const { resources, problems } = parseResourceDocuments(STORK_README_GENERATED_TEMPLATE);
    expect(resources).toEqual([]);
    expect(problems).toEqual([
      {
        document: 1,
        path: '',
        line: 25,
        column: 1,
        message: 'the YAML is malformed: All mapping items must start at the same column',
        fix: 'check the indentation: the fields of one mapping start in the same column, and a nested field is indented further than the field it belongs to',
      },
    ]);
  });

  it('numbers documents from 1 (empty ones count, lines count in the whole stream) and returns the good next to the problems of the bad', () => {
    const text = [
      ARTICLE_SCHEDULE_POLICY,
      '',
      'apiVersion: stork.libopenstorage.org/v1\nkind: Clusterpair\nmetadata: {name: dr-site}\n',
      'apiVersion: stork.libopenstorage.org/v1alpha1\nkind: ClusterDomainUpdate\nmetadata: {name: activate-dr}\n',
      '- not\n- a resource\n',
      'kind: Rule\nmetadata: {name: r}\nrules: [{podSelector: {app: x}, actions: [{type: command, value: "true"}]}]\n',
    ].join('---\n');
    const { resources, problems } = parseResourceDocuments(text);
    expect(resources.map((r) => r.metadata.name)).toEqual(['sched-policy']);
    expect(problems.map(({ document, kind, name, path, line, message, fix }) => ({ document, kind, name, path, line, message, fix }))).toEqual([
      {
        document: 3,
        kind: 'Clusterpair',
        name: 'dr-site',
        path: 'kind',
        line: 20,
        message: 'unknown kind "Clusterpair"',
        fix: 'did you mean ClusterPair? The accepted kinds are ClusterPair, SchedulePolicy, MigrationSchedule, Migration, Rule (apiVersion tandem.dev/v1alpha1 or stork.libopenstorage.org/v1alpha1)',
      },
      {
        document: 3,
        kind: 'Clusterpair',
        name: 'dr-site',
        path: 'apiVersion',
        line: 19,
        message: 'unknown apiVersion "stork.libopenstorage.org/v1"',
        fix: 'write apiVersion: tandem.dev/v1alpha1 or apiVersion: stork.libopenstorage.org/v1alpha1',
      },
      {
        document: 4,
        kind: 'ClusterDomainUpdate',
        name: 'activate-dr',
        path: 'kind',
        line: 24,
        message: 'ClusterDomainUpdate is not a Tandem resource',
        fix: 'activating or deactivating a cluster domain is a command in Tandem: run tandemctl activate clusterdomain <domain> (or deactivate)',
      },
      {
        document: 5,
        kind: undefined,
        name: undefined,
        path: '',
        line: 27,
        message: 'expected a resource (a mapping with apiVersion, kind, metadata), got a list',
        fix: 'write a ClusterPair, SchedulePolicy, MigrationSchedule, Migration, Rule document',
      },
      {
        document: 6,
        kind: 'Rule',
        name: 'r',
        path: 'apiVersion',
        line: 30,
        message: 'required field is missing',
        fix: 'add apiVersion: tandem.dev/v1alpha1',
      },
    ]);
  });

  it('returns nothing of a document with a problem, and every problem of it at once, each with its line', () => {
    const text = ARTICLE_MIGRATION_SCHEDULE.replace('includeVolumes: false', 'includeVolumes: "no"')
      .replace('startApplications: false', 'startApplication: false')
      .replace('  schedulePolicyName: sched-policy\n', '');
    const { resources, problems } = parseResourceDocuments(text);
    expect(resources).toEqual([]);
    expect(problems.map(formatProblem)).toEqual([
      'document 1 (MigrationSchedule "migrationschedule"), spec.template.spec.includeVolumes (line 12, column 7): expected true or false, got "no". ' +
        'Write includeVolumes: true or includeVolumes: false, without quotes.',
      'document 1 (MigrationSchedule "migrationschedule"), spec.template.spec.startApplication (line 11, column 7): unknown field "startApplication". ' +
        'Did you mean startApplications? (the fields here are clusterPair, namespaces, selectors, excludeSelectors, includeResources, includeVolumes, ' +
        'startApplications, purgeDeletedResources, preExecRule, postExecRule, includeOptionalResourceTypes).',
      'document 1 (MigrationSchedule "migrationschedule"), spec.schedulePolicyName (line 6, column 1): required field is missing. Add schedulePolicyName: sched-policy.',
    ]);
  });

  it('reads YAML 1.2, as the fixes say: yes/no/on/off are strings, not booleans', () => {
    const { problems } = parseResourceDocuments(ARTICLE_MIGRATION_SCHEDULE.replace('includeResources: true', 'includeResources: yes'));
    expect(problems.map((p) => p.message)).toEqual(['expected true or false, got "yes"']);
  });

  it('reads an empty stream as nothing', () => {
    expect(parseResourceDocuments('')).toEqual({ resources: [], problems: [], warnings: [] });
    expect(parseResourceDocuments('---\n# only a comment\n')).toEqual({ resources: [], problems: [], warnings: [] });
  });

  it('reports a duplicated key where it is', () => {
    const { problems } = parseResourceDocuments(ARTICLE_SCHEDULE_POLICY.replace('    date: 14\n', '    date: 14\n    date: 15\n'));
    expect(problems).toEqual([
      { document: 1, path: '', line: 16, column: 5, message: 'the YAML is malformed: Map keys must be unique', fix: 'remove or rename one of the two' },
    ]);
  });
});
