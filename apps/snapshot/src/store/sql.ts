import type { EntityManager } from 'typeorm';

/** What a store function needs: a place to run SQL (the DataSource, or a transaction's manager). */
export type Sql = Pick<EntityManager, 'query'>;

/** JSON with the keys of every object sorted, to compare two documents whatever their key order. */
export function canonicalJson(value: unknown): string {
  return JSON.stringify(value, (_key, v: unknown) =>
    v !== null && typeof v === 'object' && !Array.isArray(v)
      ? Object.fromEntries(Object.entries(v as Record<string, unknown>).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)))
      : v,
  );
}
