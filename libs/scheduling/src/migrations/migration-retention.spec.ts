import { aMigration, aPolicy } from '../testing/scheduling.fixture';
import { migrationsToRetain, ScheduledMigration } from './migration-retention';

const names = (ms: ScheduledMigration[]) => ms.map((m) => `${m.policyType}@${m.firedAt.toISOString().slice(11, 16)}:${m.status}`);
const at = (hhmm: string) => `2026-05-01T${hhmm}:00Z`;

describe('migrationsToRetain', () => {
  it('keeps the newest `retain` successful migrations and deletes the older ones', () => {
    const existing = ['01:00', '02:00', '03:00', '04:00', '05:00'].map((t) => aMigration('interval', at(t), 'Successful'));
    const decision = migrationsToRetain(existing, aPolicy({ interval: { intervalMinutes: 60, retain: 3 } }));
    expect(names(decision.keep)).toEqual(['interval@05:00:Successful', 'interval@04:00:Successful', 'interval@03:00:Successful']);
    expect(names(decision.delete)).toEqual(['interval@02:00:Successful', 'interval@01:00:Successful']);
  });

  it('keeps pending and running migrations without counting them', () => {
    const existing = [
      aMigration('interval', at('01:00'), 'Successful'),
      aMigration('interval', at('02:00'), 'Successful'),
      aMigration('interval', at('03:00'), 'InProgress'),
      aMigration('interval', at('04:00'), 'Pending'),
    ];
    const decision = migrationsToRetain(existing, aPolicy({ interval: { intervalMinutes: 60, retain: 1 } }));
    expect(names(decision.keep)).toEqual(['interval@04:00:Pending', 'interval@03:00:InProgress', 'interval@02:00:Successful']);
    expect(names(decision.delete)).toEqual(['interval@01:00:Successful']);
  });

  it('never deletes the newest successful migration, however many failed after it', () => {
    const existing = [
      aMigration('interval', at('01:00'), 'Failed'),
      aMigration('interval', at('02:00'), 'Successful'),
      ...['03:00', '04:00', '05:00', '06:00'].map((t) => aMigration('interval', at(t), 'Failed')),
      aMigration('interval', at('07:00'), 'PartialSuccess'),
    ];
    const decision = migrationsToRetain(existing, aPolicy({ interval: { intervalMinutes: 60, retain: 2 } }));
    // The two newest failures say what is going wrong now; the last success is the last good state.
    expect(names(decision.keep)).toEqual(['interval@07:00:PartialSuccess', 'interval@06:00:Failed', 'interval@02:00:Successful']);
    // Failures older than a success were superseded by it.
    expect(names(decision.delete)).toEqual(['interval@05:00:Failed', 'interval@04:00:Failed', 'interval@03:00:Failed', 'interval@01:00:Failed']);
  });

  it('applies each schedule type its own retain, the default when not given or 0 (Stork), and for a type the policy dropped', () => {
    const existing = [
      ...['01:00', '02:00', '03:00'].map((t) => aMigration('daily', at(t), 'Successful')),
      ...['01:00', '02:00', '03:00'].map((t) => aMigration('interval', at(t), 'Successful')),
      ...Array.from({ length: 9 }, (_, i) => aMigration('weekly', `2026-0${i + 1}-01T00:00:00Z`, 'Successful')),
    ];
    const policy = aPolicy({ interval: { intervalMinutes: 60, retain: 0 }, daily: { time: '1:00AM', retain: 2 } });
    const decision = migrationsToRetain(existing, policy);
    expect(decision.delete.filter((m) => m.policyType === 'daily').map((m) => m.firedAt.toISOString())).toEqual(['2026-05-01T01:00:00.000Z']);
    expect(decision.delete.filter((m) => m.policyType === 'interval')).toEqual([]); // default 10
    expect(decision.keep.filter((m) => m.policyType === 'weekly')).toHaveLength(7); // no weekly schedule: default 7
  });

  it('keeps every field of the records it is given, newest first', () => {
    const existing = [
      { ...aMigration('daily', at('01:00'), 'Successful'), uid: 'u1' },
      { ...aMigration('daily', at('02:00'), 'Successful'), uid: 'u2' },
    ];
    const decision = migrationsToRetain(existing, aPolicy({ daily: { time: '1:00AM', retain: 1 } }));
    expect(decision.keep.map((m) => m.uid)).toEqual(['u2']);
    expect(decision.delete.map((m) => m.uid)).toEqual(['u1']);
    expect(migrationsToRetain([], aPolicy())).toEqual({ keep: [], delete: [] });
  });
});
