import { counter, gauge, histogram, metricsRegistry } from './metrics';

describe('metrics', () => {
  it('returns the same counter when it is declared twice', async () => {
    const first = counter('tandem_test_bytes_replicated_total', 'Bytes replicated', ['app']);
    const second = counter('tandem_test_bytes_replicated_total', 'Bytes replicated', ['app']);
    expect(second).toBe(first);
    first.inc({ app: 'shop' }, 10);
    second.inc({ app: 'shop' }, 5);
    const text = await metricsRegistry().metrics();
    expect(text).toContain('tandem_test_bytes_replicated_total{app="shop"} 15');
  });

  it('refuses the same name as another kind or with other labels, naming both declarations', () => {
    gauge('tandem_test_rpo_seconds', 'RPO', ['app']);
    expect(() => histogram('tandem_test_rpo_seconds', 'RPO', ['app'])).toThrow(
      'metric "tandem_test_rpo_seconds" is already registered as a gauge with labels [app]; it cannot also be a histogram with labels [app]',
    );
    expect(() => gauge('tandem_test_rpo_seconds', 'RPO', ['app', 'site'])).toThrow('with labels [app, site]');
  });

  it('includes the default Node metrics', async () => {
    expect(await metricsRegistry().metrics()).toContain('process_cpu_user_seconds_total');
  });
});
