import { forEachLimited, WeightedSemaphore } from './weighted.semaphore';

describe('WeightedSemaphore', () => {
  it('bounds the weight in use and admits an oversized request alone', async () => {
    const s = new WeightedSemaphore(10);
    await s.acquire(6);
    let second = false;
    const p = s.acquire(6).then(() => (second = true));
    await Promise.resolve();
    expect(second).toBe(false);
    s.release(6);
    await p;
    expect(s.inUse).toBe(6);
    s.release(6);
    await s.acquire(50);
    expect(s.inUse).toBe(50);
    s.release(50);
  });

  it('forEachLimited runs at most `limit` at once and reports the first failure after the rest settled', async () => {
    let running = 0;
    let peak = 0;
    let settled = 0;
    const run = forEachLimited([1, 2, 3, 4, 5, 6], 2, async (n) => {
      running++;
      peak = Math.max(peak, running);
      await new Promise((r) => setTimeout(r, 5));
      running--;
      settled++;
      if (n === 2) throw new Error('two failed');
    });
    await expect(run).rejects.toThrow('two failed');
    expect(peak).toBe(2);
    expect(running).toBe(0);
    expect(settled).toBeLessThan(6);
  });
});
