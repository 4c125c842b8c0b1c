import { SchedulePolicy } from '@tandem/scheduling';
import { decideFiring, FiringState, wakeUpFrom } from './fire-decision';

const every = (seconds: number, retain?: number): SchedulePolicy => ({ name: 'p', timeZone: 'UTC', interval: { intervalSeconds: seconds, ...(retain ? { retain } : {}) } });
const at = (s: string) => new Date(`2026-05-01T${s}Z`);
const state = (over: Partial<FiringState> = {}): FiringState => ({ name: 'pg', policy: every(10), anchor: at('10:00:00'), lastFired: {}, ...over });

describe('decideFiring', () => {
  it('starts the run at the anchor, names it after the fire time, and wakes up at the next one', () => {
    const d = decideFiring(state(), at('10:00:00.020'), undefined);
    expect(d.start).toEqual({ name: 'pg-interval-2026-05-01-100000', run: { policyType: 'interval', fireAt: at('10:00:00'), missed: 0 }, covers: [] });
    expect(d.skipped).toEqual([]);
    expect(d.lastFired).toEqual({ interval: at('10:00:00') });
    expect(d.nextWakeUp).toEqual(at('10:00:10'));
  });

  it('collapses the fire times lost to downtime into one run that counts them', () => {
    const d = decideFiring(state({ lastFired: { interval: at('10:00:00') } }), at('10:00:45'), undefined);
    expect(d.start?.run).toEqual({ policyType: 'interval', fireAt: at('10:00:40'), missed: 3, firstMissedAt: at('10:00:10') });
    expect(d.start?.name).toBe('pg-interval-2026-05-01-100040');
    expect(d.nextWakeUp).toEqual(at('10:00:50'));
  });

  it('skips what is due while a migration is unfinished, and still moves past it', () => {
    const d = decideFiring(state({ lastFired: { interval: at('10:00:00') } }), at('10:00:10.5'), 'pg-interval-2026-05-01-100000');
    expect(d.start).toBeUndefined();
    expect(d.skipped).toEqual([{ policyType: 'interval', fireAt: at('10:00:10'), missed: 0 }]);
    expect(d.lastFired).toEqual({ interval: at('10:00:10') });
  });

  it('does not count the fire times of a suspension as missed', () => {
    const d = decideFiring(state({ lastFired: { interval: at('10:00:00') }, resumedAt: at('10:05:03') }), at('10:05:10'), undefined);
    expect(d.start?.run).toEqual({ policyType: 'interval', fireAt: at('10:05:10'), missed: 0 });
  });

  it('starts one migration when several types are due together, named after the longest period', () => {
    const policy: SchedulePolicy = { name: 'p', timeZone: 'UTC', interval: { intervalMinutes: 1 }, daily: { time: '10:01' } };
    const d = decideFiring(state({ policy, lastFired: { interval: at('10:00:00') } }), at('10:01:00.3'), undefined);
    expect(d.start?.name).toBe('pg-daily-2026-05-01-100100');
    expect(d.start?.covers).toEqual(['interval']);
    expect(d.lastFired).toEqual({ interval: at('10:01:00'), daily: at('10:01:00') });
  });
});

describe('wakeUpFrom', () => {
  it('is now for a schedule with a run due, else its next fire time', () => {
    expect(wakeUpFrom(state(), at('10:00:00'))).toEqual(at('10:00:00'));
    expect(wakeUpFrom(state({ lastFired: { interval: at('10:00:00') } }), at('10:00:03'))).toEqual(at('10:00:10'));
    expect(wakeUpFrom(state({ lastFired: { interval: at('10:00:00') } }), at('10:00:13'))).toEqual(at('10:00:13'));
  });

  it('after a resume, waits for the next fire time rather than catching up on the suspension', () => {
    expect(wakeUpFrom(state({ lastFired: { interval: at('10:00:00') }, resumedAt: at('10:05:03') }), at('10:05:03'))).toEqual(at('10:05:10'));
  });
});
