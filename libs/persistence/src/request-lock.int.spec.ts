import type { DataSource } from 'typeorm';
import { createTestDatabase, type TestDatabase } from '@tandem/testing';
import { openDatabase } from './database';
import { MAX_LOCK_HOLDERS, withRequestLock } from './request-lock';

// The request lock holds a connection of its own while the work runs and queries through the same pool. More
// concurrent holders than the pool has connections must not wait for each other forever, and two holders of one
// requestId must never overlap.

describe('withRequestLock', () => {
  let db: TestDatabase;
  let ds: DataSource;

  beforeAll(async () => {
    db = await createTestDatabase('request_lock');
    ds = await openDatabase({ url: db.url, applicationName: 'request-lock-test', migrations: [], poolSize: 10 });
  });
  afterAll(async () => {
    await ds?.destroy();
    await db?.drop();
  });

  it('lets more commands at once than the pool has connections all finish, each querying the pool while it holds its lock', async () => {
    let inside = 0;
    let most = 0;
    const done = await Promise.all(
      Array.from({ length: 24 }, (_, i) =>
        withRequestLock(ds, 'test_run', `request-${i}`, () => undefined, async () => {
          inside++;
          most = Math.max(most, inside);
          await ds.query('SELECT pg_sleep(0.05)');
          await ds.transaction((m) => m.query('SELECT 1'));
          inside--;
          return i;
        }),
      ),
    );
    expect(done).toEqual(Array.from({ length: 24 }, (_, i) => i));
    expect(most).toBeLessThanOrEqual(MAX_LOCK_HOLDERS);
  });

  it('never runs the work of one requestId twice at once', async () => {
    const log: string[] = [];
    const waits: number[] = [];
    await Promise.all(
      [1, 2, 3].map((n) =>
        withRequestLock(ds, 'test_run', 'the-same', () => waits.push(n), async () => {
          log.push(`start ${n}`);
          await ds.query('SELECT pg_sleep(0.3)');
          log.push(`end ${n}`);
        }),
      ),
    );
    for (let i = 0; i < log.length; i += 2) expect(log[i + 1]).toBe(log[i]!.replace('start', 'end'));
    expect(waits.length).toBeGreaterThan(0);
  });
});
