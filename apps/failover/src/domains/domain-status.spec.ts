import { type SyncFacts, syncStatusOf } from './domain-status';

describe('syncStatusOf', () => {
  const now = new Date('2026-11-26T10:00:00Z');
  const heard = new Date('2026-11-26T09:59:50Z');
  const facts = (over: Partial<SyncFacts>): SyncFacts => ({ active: true, lastHeartbeatAt: heard, lastMigration: undefined, migrationRunning: false, ...over });

  it('is Unknown when no agent was heard, or none within the stale limit', () => {
    expect(syncStatusOf(facts({ lastHeartbeatAt: undefined }), now, 30_000)).toBe('Unknown');
    expect(syncStatusOf(facts({ lastHeartbeatAt: new Date('2026-11-26T09:59:29Z') }), now, 30_000)).toBe('Unknown');
    expect(syncStatusOf(facts({ lastHeartbeatAt: new Date('2026-11-26T09:59:31Z') }), now, 30_000)).toBe('InSync');
  });

  it('is NotInSync when inactive, or when the newest migration failed, even while another runs', () => {
    expect(syncStatusOf(facts({ active: false }), now, 30_000)).toBe('NotInSync');
    expect(syncStatusOf(facts({ lastMigration: { status: 'Failed' }, migrationRunning: true }), now, 30_000)).toBe('NotInSync');
  });

  it('is SyncInProgress while a migration runs, InSync once it succeeded', () => {
    expect(syncStatusOf(facts({ lastMigration: { status: 'InProgress' }, migrationRunning: true }), now, 30_000)).toBe('SyncInProgress');
    expect(syncStatusOf(facts({ lastMigration: { status: 'Successful' } }), now, 30_000)).toBe('InSync');
    expect(syncStatusOf(facts({ lastMigration: { status: 'PartialSuccess' } }), now, 30_000)).toBe('InSync');
  });
});
