import type { EntityManager } from 'typeorm';

/** What a store function needs: a place to run SQL (the DataSource, or a transaction's manager). */
export type Sql = Pick<EntityManager, 'query'>;

/** The database's clock: every replica reads the same time, whatever its own clock says. */
export async function databaseNow(sql: Sql): Promise<Date> {
  const [row]: { now: Date }[] = await sql.query(`SELECT clock_timestamp() AS now`);
  return row!.now;
}

/** JSON with the keys of every object sorted, to compare two documents whatever their key order. */
export function canonicalJson(value: unknown): string {
  return JSON.stringify(value, (_key, v: unknown) =>
    v !== null && typeof v === 'object' && !Array.isArray(v)
      ? Object.fromEntries(Object.entries(v as Record<string, unknown>).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)))
      : v,
  );
}

/** TypeORM answers an UPDATE or DELETE … RETURNING with [rows, count]. */
export function returnedRows<T>(result: unknown): T[] {
  return Array.isArray(result) && Array.isArray(result[0]) ? (result[0] as T[]) : [];
}
