import { BandwidthLimiter } from './bandwidth.limiter';

describe('bandwidth limiter', () => {
  it('lets a second of traffic through at once, then holds the rate', async () => {
    const limiter = new BandwidthLimiter(100_000);
    const started = performance.now();
    await limiter.take(100_000); // the full bucket
    expect(performance.now() - started).toBeLessThan(50);
    await limiter.take(20_000); // 0.2 s of debt
    expect(performance.now() - started).toBeGreaterThanOrEqual(180);
  });

  it('stops waiting when the signal fires, and gives the bytes back', async () => {
    const limiter = new BandwidthLimiter(10_000);
    await limiter.take(10_000);
    const abort = new AbortController();
    const waiting = limiter.take(50_000, abort.signal); // 5 s of debt
    setTimeout(() => abort.abort(new Error('job stopped')), 20);
    await expect(waiting).rejects.toThrow('job stopped');
    const started = performance.now();
    await limiter.take(100); // not behind the 50 000 that were never sent
    expect(performance.now() - started).toBeLessThan(200);
  });

  it('refuses a limit of zero', () => {
    expect(() => new BandwidthLimiter(0)).toThrow('bandwidth limit must be above 0 bytes per second, got 0');
  });
});
