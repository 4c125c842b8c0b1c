import { DataOf, MigrationExpired, MigrationRequested, MigrationSkipped } from '@tandem/contracts';
import { waitFor } from '@tandem/testing';
import { intervalPolicyYaml, SchedulerHarness, scheduleYaml } from './testing/scheduler.harness';

type Requested = DataOf<typeof MigrationRequested>;
type Skipped = DataOf<typeof MigrationSkipped>;

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const SECOND = 1_000;
const NS = 'appns';

/**
 * Firing across two scheduler processes sharing one database and one JetStream server, with real time: every due
 * run fires once, one migration at a time, suspend and resume at once, one catch-up run after downtime, retention.
 * The test answers each requested migration as the coordinator would, unless a test says otherwise.
 */
describe('scheduler firing with two replicas', () => {
  let h: SchedulerHarness;

  beforeAll(async () => {
    h = await SchedulerHarness.start({ replicas: 2 });
    await h.api.apply(`${intervalPolicyYaml('every-second', 1, '    retain: 100\n')}---\n${intervalPolicyYaml('every-2s', 2, '    retain: 100\n')}`);
  });

  afterAll(async () => {
    await h?.close();
  });

  const requested = (schedule: string) => h.bus.seen(MigrationRequested, (d) => d.schedule.name === schedule).map((e) => e.data);
  const skipped = (schedule: string) => h.bus.seen(MigrationSkipped, (d) => d.schedule.name === schedule).map((e) => e.data);
  const fireTimes = (rows: { fired_at: Date }[]) => rows.map((r) => r.fired_at.getTime());
  const metric = async (name: string, labels: string): Promise<number> => {
    let total = 0;
    for (const r of h.replicas) {
      const text = (await r.request<string>('GET', '/metrics')).body;
      const m = new RegExp(`^${name}\\{${labels}\\} (\\d+)$`, 'm').exec(text);
      total += m ? Number(m[1]) : 0;
    }
    return total;
  };
  /** Suspends the schedule and waits until what it fired has reached the bus (expired migrations have no row left). */
  const quiesce = async (schedule: string) => {
    await h.replicas[1]!.request('POST', `/v1/migration-schedules/${NS}/${schedule}/suspend`);
    const expired = () => h.bus.seen(MigrationExpired, (d) => d.schedule.name === schedule).length;
    await waitFor(async () => requested(schedule).length === (await h.migrationRows(NS, schedule)).length + expired(), {
      what: 'every fired migration on the bus',
      timeoutMs: 10_000,
    });
  };

  it('fires every fire time exactly once, as a row and as an event, however many replicas run', async () => {
    const schedule = 'once';
    h.coordinator.autoFinish({ namespace: NS, name: schedule });
    const beforeFired = await metric('tandem_scheduler_runs_fired_total', 'policy_type="interval"');
    await h.replicas[1]!.apply(scheduleYaml(NS, schedule, 'every-second'));
    await sleep(8 * SECOND);
    await quiesce(schedule);

    const rows = await h.migrationRows(NS, schedule);
    const events = requested(schedule);
    expect(rows.length).toBeGreaterThanOrEqual(7);
    // Each row once on the bus, and nothing on the bus that is not a row.
    const perName = new Map<string, number>();
    for (const e of events) perName.set(e.migration, (perName.get(e.migration) ?? 0) + 1);
    expect([...perName.values()].every((n) => n === 1)).toBe(true);
    expect([...perName.keys()].sort()).toEqual(rows.map((r) => r.name).sort());
    // Every fire time since the anchor has its row, except those skipped while the one before had not finished.
    const skips = skipped(schedule);
    const slots = [...fireTimes(rows), ...skips.map((s) => Date.parse(s.firedAt))].sort((a, b) => a - b);
    expect(new Set(slots).size).toBe(slots.length);
    for (let i = 1; i < slots.length; i++) expect(slots[i]! - slots[i - 1]!).toBe(SECOND);
    for (const skip of skips) {
      const blocking = rows.find((r) => r.name === skip.blockingMigration)!;
      expect(blocking.updated_at.getTime()).toBeGreaterThan(Date.parse(skip.firedAt)); // it was still running then
    }
    expect(rows.every((r) => r.missed === 0)).toBe(true);
    expect(events.map((e) => e.firedAt)).toEqual(rows.map((r) => r.fired_at.toISOString()));
    // The two processes together counted each start once.
    expect((await metric('tandem_scheduler_runs_fired_total', 'policy_type="interval"')) - beforeFired).toBe(rows.length);
    await h.api.request('DELETE', `/v1/migration-schedules/${NS}/${schedule}`);
  });

  it('skips and reports the runs due while a migration has not finished, and runs the next one after it finished', async () => {
    const schedule = 'overlap';
    await h.api.apply(scheduleYaml(NS, schedule, 'every-second'));
    const [first] = await h.bus.waitForCount(MigrationRequested, (d) => d.schedule.name === schedule, 1);
    const skips = (await h.bus.waitForCount(MigrationSkipped, (d) => d.schedule.name === schedule, 3, 10_000)).map((e) => e.data);
    expect(skips.slice(0, 3)).toEqual(
      [1, 2, 3].map((k) =>
        expect.objectContaining<Partial<Skipped>>({
          policyType: 'interval',
          firedAt: new Date(Date.parse(first!.data.firedAt) + k * SECOND).toISOString(),
          missed: 0,
          reason: 'migration-in-progress',
          blockingMigration: first!.data.migration,
          message: expect.stringContaining(`migration ${first!.data.migration} has not finished`),
        }),
      ),
    );
    expect((await h.migrationRows(NS, schedule)).map((r) => r.status)).toEqual(['Pending']);

    await h.coordinator.finish(NS, first!.data.migration);
    const [, second] = await h.bus.waitForCount(MigrationRequested, (d) => d.schedule.name === schedule, 2);
    // A second report of the same end (another message) changes nothing: the first one counted.
    await h.coordinator.finish(NS, first!.data.migration, 'Failed');
    await sleep(300);
    expect((await h.migrationRows(NS, schedule))[0]).toEqual(expect.objectContaining({ name: first!.data.migration, status: 'Successful' }));
    const lastSkip = skipped(schedule).filter((s) => s.firedAt < second!.data.firedAt).pop()!;
    expect(Date.parse(second!.data.firedAt) - Date.parse(lastSkip.firedAt)).toBe(SECOND);
    expect(second!.data.missed).toBe(0); // skipped runs were reported, not missed
    await quiesce(schedule);

    const reported = skipped(schedule).length;
    expect(await metric('tandem_scheduler_runs_skipped_total', 'policy_type="interval",reason="migration-in-progress"')).toBe(reported);
    const view = await h.api.request<{ status: { skippedRuns: number; lastSkipMessage: string } }>('GET', `/v1/migration-schedules/${NS}/${schedule}`);
    expect(view.body.status.skippedRuns).toBe(reported);
    expect(view.body.status.lastSkipMessage).toMatch(/^interval run of appns\/overlap due at .* was skipped: migration overlap-interval-.* has not finished/);
    await h.api.request('DELETE', `/v1/migration-schedules/${NS}/${schedule}`);
  });

  it('suspends and resumes at once; nothing fires while suspended, and the suspension is not counted as missed', async () => {
    const schedule = 'pausable';
    h.coordinator.autoFinish({ namespace: NS, name: schedule });
    await h.api.apply(scheduleYaml(NS, schedule, 'every-second'));
    await h.bus.waitForCount(MigrationRequested, (d) => d.schedule.name === schedule, 2);

    const suspended = await h.replicas[1]!.request<{ status: { suspended: boolean; nextFire: object } }>('POST', `/v1/migration-schedules/${NS}/${schedule}/suspend`);
    expect(suspended.body.status).toEqual(expect.objectContaining({ suspended: true, nextFire: {} }));
    const atSuspend = (await h.migrationRows(NS, schedule)).length;
    await sleep(3.5 * SECOND);
    expect((await h.migrationRows(NS, schedule)).length).toBe(atSuspend);
    expect(requested(schedule)).toHaveLength(atSuspend);

    const resumed = await h.replicas[0]!.request<{ status: { suspended: boolean; resumedAt: string } }>('POST', `/v1/migration-schedules/${NS}/${schedule}/resume`);
    expect(resumed.body.status.suspended).toBe(false);
    const resumedAt = Date.parse(resumed.body.status.resumedAt);
    const after = (await h.bus.waitForCount(MigrationRequested, (d) => d.schedule.name === schedule, atSuspend + 1, 5_000))[atSuspend]!.data;
    expect(after.missed).toBe(0);
    expect(Date.parse(after.firedAt)).toBeGreaterThanOrEqual(resumedAt);
    expect(Date.parse(after.firedAt) - resumedAt).toBeLessThan(SECOND);
    await quiesce(schedule);
    await h.api.request('DELETE', `/v1/migration-schedules/${NS}/${schedule}`);
  });

  it('after downtime, collapses the lost fire times into one catch-up run that counts them', async () => {
    const schedule = 'downtime';
    h.coordinator.autoFinish({ namespace: NS, name: schedule });
    await h.api.apply(scheduleYaml(NS, schedule, 'every-2s'));
    // Stop both replicas right after a migration finished, well before the next fire time.
    const last = await waitFor(
      async () => {
        const rows = await h.migrationRows(NS, schedule);
        const newest = rows[rows.length - 1];
        return rows.length >= 2 && newest!.status === 'Successful' && Date.now() < newest!.fired_at.getTime() + 1_200 ? newest : undefined;
      },
      { what: 'a finished migration with time left before the next fire', timeoutMs: 20_000, intervalMs: 20 },
    );
    await Promise.all(h.replicas.map((r) => r.process.kill('SIGKILL')));
    await sleep(5 * SECOND);
    for (const r of h.replicas) await r.process.start();

    const rows = await waitFor(
      async () => {
        const all = await h.migrationRows(NS, schedule);
        return all.some((r) => r.fired_at > last!.fired_at) ? all : undefined;
      },
      { what: 'the catch-up migration', timeoutMs: 15_000 },
    );
    const catchUp = rows.find((r) => r.fired_at > last!.fired_at)!;
    const lost = (catchUp.fired_at.getTime() - last!.fired_at.getTime()) / (2 * SECOND) - 1;
    expect(lost).toBeGreaterThanOrEqual(2);
    expect(catchUp.missed).toBe(lost);
    const event = await waitFor(() => requested(schedule).find((d) => d.migration === catchUp.name), { what: 'the catch-up event' });
    expect(event).toEqual(
      expect.objectContaining<Partial<Requested>>({ missed: lost, firstMissedAt: new Date(last!.fired_at.getTime() + 2 * SECOND).toISOString() }),
    );
    await quiesce(schedule);
    expect((await h.migrationRows(NS, schedule)).filter((r) => r.fired_at > last!.fired_at && r.missed > 0)).toHaveLength(1);
    expect(await metric('tandem_scheduler_runs_missed_total', 'policy_type="interval"')).toBe(lost);
    await h.api.request('DELETE', `/v1/migration-schedules/${NS}/${schedule}`);
  });

  it("keeps the newest `retain` finished migrations and announces each one it deletes", async () => {
    const schedule = 'retained';
    await h.api.apply(intervalPolicyYaml('keep-two', 1, '    retain: 2\n'));
    let answered = 0;
    h.coordinator.autoFinish({ namespace: NS, name: schedule }, () => ++answered <= 4);
    await h.api.apply(scheduleYaml(NS, schedule, 'keep-two'));
    const expired = (await h.bus.waitForCount(MigrationExpired, (d) => d.schedule.name === schedule, 2, 15_000)).map((e) => e.data);
    await quiesce(schedule);

    const firstFour = requested(schedule).slice(0, 4);
    const rows = await h.migrationRows(NS, schedule);
    expect(rows.filter((r) => r.status === 'Successful').map((r) => r.name)).toEqual(firstFour.slice(2).map((r) => r.migration));
    expect(rows.filter((r) => r.status !== 'Successful').every((r) => r.status === 'Pending')).toBe(true);
    expect(expired).toEqual(
      firstFour.slice(0, 2).map((r) =>
        expect.objectContaining({ migration: r.migration, policyType: 'interval', firedAt: r.firedAt, status: 'Successful', retain: 2, finishedAt: expect.any(String) }),
      ),
    );
    await sleep(500);
    expect(h.bus.seen(MigrationExpired, (d) => d.schedule.name === schedule)).toHaveLength(2);
    const listed = await h.api.request<{ items: { name: string }[] }>('GET', `/v1/migrations?namespace=${NS}&schedule=${schedule}`);
    expect(listed.body.items.map((m) => m.name)).toEqual(rows.map((r) => r.name).reverse());
  });

  it('stops gracefully on SIGTERM: firing and consumers stop, exit code 0', async () => {
    const exits = await Promise.all(h.replicas.map((r) => r.process.stop()));
    for (const exit of exits) expect(exit).toEqual(expect.objectContaining({ code: 0, signal: null }));
  });
});
