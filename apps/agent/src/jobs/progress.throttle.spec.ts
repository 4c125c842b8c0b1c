import { ProgressThrottle } from './progress.throttle';

describe('progress throttle', () => {
  it('lets out the first report, then at most one per interval', () => {
    const t = new ProgressThrottle(1_000);
    const passed = [0, 10, 500, 999, 1_000, 1_001, 1_999, 2_000, 5_000].filter((now) => t.offer(now));
    expect(passed).toEqual([0, 1_000, 2_000, 5_000]);
  });

  it('keeps a steady stream of reports near one per second', () => {
    const t = new ProgressThrottle(1_000);
    let passed = 0;
    for (let now = 0; now < 60_000; now += 7) if (t.offer(now)) passed++;
    expect(passed).toBeGreaterThanOrEqual(59);
    expect(passed).toBeLessThanOrEqual(60);
  });
});
