import { loadConfig } from './config';

describe('scheduler configuration', () => {
  const base = { TANDEM_DATABASE_URL: 'postgres://tandem@db:5432/tandem_scheduler' };

  it('has defaults for the firing loop', () => {
    expect(loadConfig(base)).toEqual(expect.objectContaining({ tickIntervalMs: 500, batchSize: 100 }));
  });

  it('names every bad variable, with the value seen and what is expected', () => {
    expect(() => loadConfig({ ...base, TANDEM_SCHEDULER_TICK_INTERVAL_MS: '5', TANDEM_SCHEDULER_BATCH_SIZE: 'lots' })).toThrow(
      /TANDEM_SCHEDULER_TICK_INTERVAL_MS="5": expected an integer from 10 to 60000[\s\S]*TANDEM_SCHEDULER_BATCH_SIZE="lots": expected an integer from 1 to 5000/,
    );
  });
});
