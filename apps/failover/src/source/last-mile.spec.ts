import { lastMileMigration, lastMileName, timestampedName } from './last-mile';

describe('last-mile migration', () => {
  const at = new Date('2026-11-26T10:04:05.678Z');

  it('names the run after the schedule and the UTC second', () => {
    expect(lastMileName('app', at)).toBe('app-lastmile-20261126100405');
  });

  it('shortens a long schedule name so that the whole is a DNS label of at most 63 characters', () => {
    const name = lastMileName(`${'a'.repeat(30)}-${'b'.repeat(30)}`, at);
    expect(name).toHaveLength(63);
    expect(name).toMatch(/^a{30}-b{8}-lastmile-20261126100405$/);
    // A cut that would end in "-" drops it.
    expect(timestampedName(`${'a'.repeat(38)}-bbbbbbbbbbbb`, 'failover', at)).toBe(`${'a'.repeat(38)}-failover-20261126100405`);
  });

  it("is the schedule's template as a Stork Migration, without the pre/post rules", () => {
    const template = {
      clusterPair: 'to-dr',
      namespaces: ['appns'],
      selectors: { app: 'web' },
      excludeSelectors: {},
      includeResources: true,
      includeVolumes: true,
      startApplications: false,
      purgeDeletedResources: false,
      preExecRule: 'flush',
      postExecRule: 'unflush',
      includeOptionalResourceTypes: [],
    };
    expect(lastMileMigration('appns', 'app-lastmile-20261126100405', template)).toEqual({
      apiVersion: 'stork.libopenstorage.org/v1alpha1',
      kind: 'Migration',
      metadata: { name: 'app-lastmile-20261126100405', namespace: 'appns' },
      spec: {
        clusterPair: 'to-dr',
        namespaces: ['appns'],
        selectors: { app: 'web' },
        excludeSelectors: {},
        includeResources: true,
        includeVolumes: true,
        startApplications: false,
        purgeDeletedResources: false,
        includeOptionalResourceTypes: [],
      },
    });
    expect(template.preExecRule).toBe('flush');
  });
});
