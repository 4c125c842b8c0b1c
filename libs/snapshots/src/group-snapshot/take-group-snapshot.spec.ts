import type { Platform } from '@tandem/platform';
import { takeGroupSnapshot } from './take-group-snapshot';

/** A platform no code path without rules may touch. */
const untouchable = new Proxy({} as Platform, {
  get: (_target, property) => {
    throw new Error(`the platform was used (${String(property)}) although there is no rule`);
  },
});

describe('takeGroupSnapshot without rules', () => {
  it('returns what the capture returned', async () => {
    const outcome = await takeGroupSnapshot({ platform: untouchable, namespace: 'db', runId: 'run-1', snapshot: async () => ({ volumes: 2 }) });
    expect(outcome).toMatchObject({ ok: true, stage: 'Done', failures: [], snapshot: { status: 'taken', value: { volumes: 2 } } });
    expect(outcome).not.toHaveProperty('pre');
    expect(outcome).not.toHaveProperty('release');
    expect(outcome).not.toHaveProperty('post');
  });

  it('returns a capture that throws as a failed stage, with its error', async () => {
    const error = new Error('claim data-pg-0 is not bound');
    const outcome = await takeGroupSnapshot({
      platform: untouchable,
      namespace: 'db',
      runId: 'run-2',
      snapshot: async () => {
        throw error;
      },
    });
    expect(outcome).toMatchObject({ ok: false, stage: 'Snapshot', snapshot: { status: 'failed', error, message: 'claim data-pg-0 is not bound' } });
    expect(outcome.failures).toEqual(['the snapshot failed: claim data-pg-0 is not bound']);
  });

  it('does not capture once stopped', async () => {
    const stop = new AbortController();
    stop.abort(new Error('shutting down'));
    const snapshot = jest.fn(async () => 1);
    const outcome = await takeGroupSnapshot({ platform: untouchable, namespace: 'db', runId: 'run-3', snapshot, signal: stop.signal });
    expect(snapshot).not.toHaveBeenCalled();
    expect(outcome).toMatchObject({ stage: 'Snapshot', snapshot: { status: 'skipped', reason: 'stopped before the snapshot: shutting down' }, failures: ['the snapshot was not taken: stopped before the snapshot: shutting down'] });
  });

  it('throws on a run id that cannot name files in a pod, before anything runs', async () => {
    const snapshot = jest.fn(async () => 1);
    await expect(takeGroupSnapshot({ platform: untouchable, namespace: 'db', runId: '../etc', snapshot })).rejects.toThrow('run id "../etc" cannot name files in a pod');
    expect(snapshot).not.toHaveBeenCalled();
  });
});
