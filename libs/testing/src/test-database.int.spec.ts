import { Client } from 'pg';
import { createTestDatabase } from './test-database.postgres';
import { testPostgresUrl } from './testing.config';

async function query<T>(url: string, sql: string, params: unknown[] = []): Promise<T[]> {
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    return (await client.query(sql, params)).rows as T[];
  } finally {
    await client.end();
  }
}

async function databaseExists(name: string): Promise<boolean> {
  const rows = await query(testPostgresUrl(), 'SELECT 1 FROM pg_database WHERE datname = $1', [name]);
  return rows.length === 1;
}

describe('createTestDatabase', () => {
  it('creates a fresh, uniquely named database that the returned url connects to', async () => {
    const first = await createTestDatabase('Orders & Sagas!');
    const second = await createTestDatabase('Orders & Sagas!');
    try {
      expect(first.name).toMatch(/^test_orders_sagas_[a-z0-9]{10}$/);
      expect(second.name).not.toBe(first.name);

      await query(first.url, 'CREATE TABLE outbox (id text PRIMARY KEY)');
      await query(first.url, "INSERT INTO outbox VALUES ('evt-1')");
      expect(await query(first.url, 'SELECT current_database() AS db, count(*)::int AS n FROM outbox')).toEqual([
        { db: first.name, n: 1 },
      ]);
      expect(await query(second.url, "SELECT to_regclass('outbox') AS t")).toEqual([{ t: null }]);
    } finally {
      await first.drop();
      await second.drop();
    }
  });

  it('drops the database even while a client is still connected', async () => {
    const db = await createTestDatabase('drop');
    const lingering = new Client({ connectionString: db.url });
    lingering.on('error', () => undefined); // its connection is terminated by the drop
    await lingering.connect();

    await db.drop();
    await db.drop(); // twice is fine

    expect(await databaseExists(db.name)).toBe(false);
    await lingering.end().catch(() => undefined);
  });
});
