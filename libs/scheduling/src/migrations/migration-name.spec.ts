import { dns1123LabelProblem } from '../validation/kubernetes-names';
import { migrationName } from './migration-name';

const firedAt = new Date('2019-06-17T19:01:18Z');

describe('migrationName', () => {
  it("is Stork's <schedule>-<policy type>-<YYYY-MM-DD-HHMMSS>, in UTC", () => {
    expect(migrationName('migrationschedule', 'interval', firedAt)).toBe('migrationschedule-interval-2019-06-17-190118');
    expect(migrationName('app', 'monthly', new Date('2026-12-31T23:59:59.999Z'))).toBe('app-monthly-2026-12-31-235959');
    expect(migrationName('app', 'daily', new Date(Date.UTC(2026, 0, 2, 3, 4, 5)))).toBe('app-daily-2026-01-02-030405');
  });

  it('is the same for the same fire time, so racing replicas create the same migration', () => {
    expect(migrationName('pg-protect', 'weekly', firedAt)).toBe(migrationName('pg-protect', 'weekly', new Date(firedAt)));
    expect(migrationName('pg-protect', 'weekly', firedAt)).not.toBe(migrationName('pg-protect', 'weekly', new Date(firedAt.getTime() + 1000)));
  });

  it('keeps a schedule name that fits as it is', () => {
    const longest = 'a'.repeat(63 - '-interval-2019-06-17-190118'.length);
    expect(migrationName(longest, 'interval', firedAt)).toBe(`${longest}-interval-2019-06-17-190118`);
    expect(migrationName(longest, 'interval', firedAt)).toHaveLength(63);
  });

  it('cuts a long schedule name and adds a hash of it, staying a valid 63-character label', () => {
    const a = migrationName(`${'protect-the-billing-database'.repeat(3)}-one`, 'interval', firedAt);
    const b = migrationName(`${'protect-the-billing-database'.repeat(3)}-two`, 'interval', firedAt);
    expect(a).toMatch(/^protect-the-billing-databas-[0-9a-f]{8}-interval-2019-06-17-190118$/);
    expect(a).toHaveLength(63);
    expect(b).not.toBe(a);
    expect(dns1123LabelProblem(a)).toBeUndefined();
  });

  it('lower-cases a name with characters a label cannot hold, and hashes it so distinct names stay distinct', () => {
    const dotted = migrationName('apps.Billing', 'daily', firedAt);
    const dashed = migrationName('apps-billing', 'daily', firedAt);
    expect(dotted).toMatch(/^apps-billing-[0-9a-f]{8}-daily-2019-06-17-190118$/);
    expect(dashed).toBe('apps-billing-daily-2019-06-17-190118');
    expect(dns1123LabelProblem(migrationName('...', 'weekly', firedAt))).toBeUndefined();
    expect(dns1123LabelProblem(migrationName('x'.repeat(253), 'monthly', firedAt))).toBeUndefined();
  });

  it('refuses an invalid date', () => {
    expect(() => migrationName('app', 'daily', new Date('nope'))).toThrow('firedAt is not a valid date');
  });
});
