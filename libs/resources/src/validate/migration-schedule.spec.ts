import { storkMigrationSchedule } from '../fixtures/builders';
import { problemsOf, valueOf } from '../fixtures/problem-fields';
import { MIGRATION_SPEC_DEFAULTS } from '../model/migration-spec.model';
import { validateMigrationSchedule } from './validators';

describe('validateMigrationSchedule', () => {
  it('fills in Stork\'s defaults: resources and volumes included, applications not started, nothing purged, not suspended', () => {
    const schedule = valueOf(validateMigrationSchedule(storkMigrationSchedule()));
    expect(schedule.template).toEqual({
      clusterPair: 'dr-site',
      namespaces: ['appns'],
      selectors: {},
      excludeSelectors: {},
      includeResources: true,
      includeVolumes: true,
      startApplications: false,
      purgeDeletedResources: false,
      includeOptionalResourceTypes: [],
    });
    expect(MIGRATION_SPEC_DEFAULTS).toEqual({ includeResources: true, includeVolumes: true, startApplications: false, purgeDeletedResources: false });
    expect([schedule.suspend, schedule.autoSuspend]).toEqual([false, false]);
  });

  it('reads every field', () => {
    const schedule = valueOf(
      validateMigrationSchedule(
        storkMigrationSchedule(
          {
            selectors: { app: 'pg' },
            excludeSelectors: { 'tandem.dev/skip': 'true' },
            includeResources: true,
            includeVolumes: true,
            startApplications: true,
            purgeDeletedResources: true,
            preExecRule: 'pg-presnap',
            postExecRule: 'pg-postsnap',
            includeOptionalResourceTypes: ['Job'],
          },
          { suspend: true, autoSuspend: true },
        ),
      ),
    );
    expect(schedule).toMatchObject({
      template: { selectors: { app: 'pg' }, excludeSelectors: { 'tandem.dev/skip': 'true' }, startApplications: true, purgeDeletedResources: true, preExecRule: 'pg-presnap', postExecRule: 'pg-postsnap', includeOptionalResourceTypes: ['Job'] },
      suspend: true,
      autoSuspend: true,
    });
  });

  it('reports wrong types, unknown fields and missing required fields, all at once', () => {
    const document = storkMigrationSchedule(
      { clusterPair: undefined, namespaces: 'demo', includeVolume: true, startApplications: 'false', selectors: { tier: 1 } },
      { schedulePolicyName: undefined, suspend: 'yes', schedule: '*/5 * * * *' },
    );
    expect(problemsOf(validateMigrationSchedule(document))).toEqual([
      { path: 'spec.template.spec.clusterPair', message: 'required field is missing', fix: 'add clusterPair: dr-site' },
      { path: 'spec.template.spec.namespaces', message: 'expected a list of strings, got "demo"', fix: 'write it as a list: namespaces: ["demo"], or "- demo" on its own line under namespaces:' },
      { path: 'spec.template.spec.selectors.tier', message: 'expected a string, got 1', fix: 'quote it: tier: "1"' },
      { path: 'spec.template.spec.startApplications', message: 'expected true or false, got "false"', fix: 'write startApplications: true or startApplications: false, without quotes' },
      {
        path: 'spec.template.spec.includeVolume',
        message: 'unknown field "includeVolume"',
        fix: 'did you mean includeVolumes? (the fields here are clusterPair, namespaces, selectors, excludeSelectors, includeResources, includeVolumes, startApplications, purgeDeletedResources, preExecRule, postExecRule, includeOptionalResourceTypes)',
      },
      { path: 'spec.schedulePolicyName', message: 'required field is missing', fix: 'add schedulePolicyName: sched-policy' },
      { path: 'spec.suspend', message: 'expected true or false, got "yes"', fix: 'write suspend: true or suspend: false, without quotes' },
      { path: 'spec.schedule', message: 'unknown field "schedule"', fix: 'remove it; the fields here are template, schedulePolicyName, suspend, autoSuspend' },
    ]);
  });

  it('explains that includeResources is a boolean, not a list of resource types', () => {
    expect(problemsOf(validateMigrationSchedule(storkMigrationSchedule({ includeResources: ['deployments'] })))).toEqual([
      {
        path: 'spec.template.spec.includeResources',
        message: 'expected true or false, got a list',
        fix: 'includeResources says whether the application\'s Kubernetes resources are migrated: write includeResources: true (narrow them with selectors: and excludeSelectors:)',
      },
    ]);
  });

  it('checks names: references and namespaces are Kubernetes names, with a corrected one offered', () => {
    expect(problemsOf(validateMigrationSchedule(storkMigrationSchedule({ clusterPair: 'DR_Site', namespaces: ['App NS'] }, { schedulePolicyName: 'every 5m' })))).toEqual([
      {
        path: 'spec.template.spec.clusterPair',
        message: '"DR_Site" is not a Kubernetes name (lowercase letters, digits, "-" and ".", starting and ending with a letter or digit)',
        fix: 'write it in that form, e.g. clusterPair: dr-site',
      },
      { path: 'spec.template.spec.namespaces[0]', message: '"App NS" is not a namespace name (at most 63 lowercase letters, digits and "-")', fix: 'correct it, e.g. [appns]' },
      {
        path: 'spec.schedulePolicyName',
        message: '"every 5m" is not a Kubernetes name (lowercase letters, digits, "-" and ".", starting and ending with a letter or digit)',
        fix: 'write it in that form, e.g. schedulePolicyName: every-5m',
      },
    ]);
  });

  it('needs at least one namespace', () => {
    expect(problemsOf(validateMigrationSchedule(storkMigrationSchedule({ namespaces: [] })))).toEqual([
      { path: 'spec.template.spec.namespaces', message: 'the list is empty', fix: 'add at least one namespace' },
    ]);
  });

  it('refuses Stork fields Tandem does not implement when they ask for something, and warns when they are at Stork\'s default', () => {
    const result = validateMigrationSchedule(storkMigrationSchedule({ transformSpecs: ['rename-sc'], skipServiceUpdate: false, skipDeletedNamespaces: true }));
    expect(problemsOf(result)).toEqual([
      { path: 'spec.template.spec.transformSpecs', message: 'Tandem does not implement Stork\'s transformSpecs', fix: 'remove it; Tandem has no ResourceTransformation' },
    ]);
    expect(result.warnings.map((w) => w.path)).toEqual(['spec.template.spec.skipServiceUpdate', 'spec.template.spec.skipDeletedNamespaces']);
    const harmless = validateMigrationSchedule(storkMigrationSchedule({ skipServiceUpdate: false }));
    expect(harmless.ok).toBe(true);
    expect(harmless.warnings).toEqual([
      {
        kind: 'MigrationSchedule',
        name: 'nightly',
        path: 'spec.template.spec.skipServiceUpdate',
        message: 'Tandem does not implement Stork\'s skipServiceUpdate; the value given is Stork\'s default, so nothing changes',
        fix: 'remove it',
      },
    ]);
  });

  it('needs the template and its spec', () => {
    const document = storkMigrationSchedule();
    (document['spec'] as Record<string, unknown>)['template'] = { metadata: {} };
    expect(problemsOf(validateMigrationSchedule(document))).toEqual([
      { path: 'spec.template.spec', message: 'required field is missing', fix: 'add spec: {clusterPair: <pair>, namespaces: [<namespace>]}' },
      { path: 'spec.template.metadata', message: 'unknown field "metadata"', fix: 'remove it; the fields here are spec' },
    ]);
  });

  it('checks apiVersion, kind and metadata too', () => {
    const document = { ...storkMigrationSchedule(), apiVersion: 'stork.libopenstorage.org/v1', kind: 'Migration', metadata: { namespace: 'appns', generateName: 'x-', uid: 'ignored' } };
    expect(problemsOf(validateMigrationSchedule(document))).toEqual([
      { path: 'apiVersion', message: 'unknown apiVersion "stork.libopenstorage.org/v1"', fix: 'write apiVersion: tandem.dev/v1alpha1 or apiVersion: stork.libopenstorage.org/v1alpha1' },
      { path: 'kind', message: 'expected kind MigrationSchedule, got "Migration"', fix: 'validate it as a Migration, or write kind: MigrationSchedule' },
      { path: 'metadata.name', message: 'required field is missing', fix: 'add name: dr-site' },
      { path: 'metadata.generateName', message: 'generateName is not supported', fix: 'give the resource a name with metadata.name' },
    ]);
  });
});
