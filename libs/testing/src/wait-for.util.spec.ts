import { waitFor } from './wait-for.util';

describe('waitFor', () => {
  it('returns the first result that is not undefined, null or false', async () => {
    const results = [undefined, null, false, 0, 1];
    const check = jest.fn(() => results.shift());
    await expect(waitFor(check, { what: 'a number', intervalMs: 1 })).resolves.toBe(0);
    expect(check).toHaveBeenCalledTimes(4);
  });

  it('keeps trying while the check throws', async () => {
    let calls = 0;
    const check = async (): Promise<string> => {
      if (++calls < 3) throw new Error('connection refused');
      return 'up';
    };
    await expect(waitFor(check, { what: 'the server', intervalMs: 1 })).resolves.toBe('up');
  });

  it('times out naming what it waited for and the last error', async () => {
    const check = (): boolean => {
      throw new Error('ECONNREFUSED 127.0.0.1:4222');
    };
    await expect(waitFor(check, { what: 'nats on 4222', timeoutMs: 30, intervalMs: 5 })).rejects.toThrow(
      'timed out after 30ms waiting for nats on 4222 (last error: ECONNREFUSED 127.0.0.1:4222)',
    );
  });

  it('gives up with the abort reason as soon as the signal aborts', async () => {
    const controller = new AbortController();
    setTimeout(() => controller.abort(new Error('the process exited')), 20);
    await expect(
      waitFor(() => false, { what: 'never', timeoutMs: 60_000, intervalMs: 1_000, signal: controller.signal }),
    ).rejects.toThrow('the process exited');
  });
});
