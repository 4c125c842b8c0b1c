import { busNaming } from './bus-naming';
import { MigrationFinished } from './migration-run.messages';
import { MigrationRequested } from './scheduler.messages';

describe("the scheduler's messages", () => {
  const requested = {
    migration: 'pg-protect-interval-2026-05-01-100000',
    schedule: { namespace: 'appns', name: 'pg-protect' },
    schedulePolicy: 'every-15m',
    policyType: 'interval',
    firedAt: '2026-05-01T10:00:00.000Z',
    missed: 0,
    covers: [],
    template: {
      clusterPair: 'dr-site',
      namespaces: ['appns'],
      selectors: { 'app.kubernetes.io/name': 'pg' },
      excludeSelectors: {},
      includeResources: true,
      includeVolumes: true,
      startApplications: false,
      purgeDeletedResources: false,
      includeOptionalResourceTypes: [],
    },
  };

  it('are events of the scheduler and the coordinator, on their subjects', () => {
    const naming = busNaming('tandem');
    expect(MigrationRequested.subject(naming)).toBe('tandem.evt.scheduler.migration-requested.v1');
    expect(MigrationFinished.subject(naming)).toBe('tandem.evt.coordinator.migration-finished.v1');
  });

  it('carry the template, and refuse a migration name that is no Kubernetes name', () => {
    expect(MigrationRequested.schema.parse(requested, 'data')).toEqual({ ok: true, value: requested });
    expect(MigrationRequested.schema.parse({ ...requested, migration: 'PG_protect' }, 'data')).toEqual({
      ok: false,
      reason: expect.stringMatching(/^data\.migration: expected a string of 1 to 63 characters matching/),
    });
    expect(MigrationFinished.schema.parse({ migration: 'm', namespace: 'appns', status: 'Pending', finishedAt: '2026-05-01T10:00:00Z' }, 'data')).toEqual({
      ok: false,
      reason: 'data.status: expected one of Successful | PartialSuccess | Failed, got "Pending"',
    });
  });
});
