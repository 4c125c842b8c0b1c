import { DueRun } from './due-runs';
import { planFiring } from './plan-firing';

const run = (policyType: DueRun['policyType'], missed = 0): DueRun => ({
  policyType,
  fireAt: new Date('2019-06-17T22:14:00Z'),
  missed,
});

describe('planFiring', () => {
  it('starts nothing when nothing is due', () => {
    expect(planFiring([], { migrationInProgress: false })).toEqual({ covered: [], skipped: [] });
  });

  it('starts the one due run', () => {
    expect(planFiring([run('interval', 3)], { migrationInProgress: false })).toEqual({
      start: run('interval', 3),
      covered: [],
      skipped: [],
    });
  });

  it('starts one migration when several types are due, named after the longest period, covering the others', () => {
    const plan = planFiring([run('interval'), run('daily'), run('weekly')], { migrationInProgress: false });
    expect(plan.start?.policyType).toBe('weekly');
    expect(plan.covered.map((r) => r.policyType)).toEqual(['daily', 'interval']);
    expect(plan.skipped).toEqual([]);
  });

  it('skips every due run while a migration of the schedule is still running', () => {
    expect(planFiring([run('interval'), run('monthly')], { migrationInProgress: true })).toEqual({
      covered: [],
      skipped: [run('interval'), run('monthly')],
    });
  });
});
