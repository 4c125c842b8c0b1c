import { ReadinessRegistry } from './readiness.registry';

describe('ReadinessRegistry', () => {
  it('is ready with no checks and when all pass', async () => {
    const registry = new ReadinessRegistry();
    expect(await registry.check()).toEqual({ ready: true, checks: [] });
    registry.register('database', async () => undefined);
    expect(await registry.check()).toEqual({ ready: true, checks: ['database'] });
  });

  it('names each failing check with its reason, a hanging one included', async () => {
    const registry = new ReadinessRegistry();
    registry.register('database', async () => undefined);
    registry.register('bus', () => Promise.reject(new Error('not connected to nats://127.0.0.1:4222')));
    registry.register('consumers', () => new Promise<void>(() => undefined));
    expect(await registry.check(50)).toEqual({
      ready: false,
      checks: ['database', 'bus', 'consumers'],
      failing: [
        { name: 'bus', reason: 'not connected to nats://127.0.0.1:4222' },
        { name: 'consumers', reason: 'no answer within 50 ms' },
      ],
    });
  });

  it('refuses two checks of the same name', () => {
    const registry = new ReadinessRegistry();
    registry.register('bus', async () => undefined);
    expect(() => registry.register('bus', async () => undefined)).toThrow('readiness check "bus" is already registered; give each check its own name');
  });
});
