import { Progress, ProgressReporter } from './progress.reporter';

describe('ProgressReporter', () => {
  it('reports at most every interval, and once at the end', () => {
    let now = 0;
    const seen: Progress[] = [];
    const r = new ProgressReporter((p) => seen.push(p), 250, () => now);
    r.progress.bytesTotal = 1000;
    for (let i = 0; i < 100; i++) {
      now += 10; // 100 updates over one second
      r.add(10);
    }
    r.finish();
    expect(seen.length).toBeLessThanOrEqual(5);
    expect(seen[seen.length - 1]).toMatchObject({ bytesDone: 1000, bytesTotal: 1000 });
  });

  it('survives a throwing callback', () => {
    const r = new ProgressReporter(() => {
      throw new Error('ui broke');
    });
    expect(() => r.finish()).not.toThrow();
  });
});
