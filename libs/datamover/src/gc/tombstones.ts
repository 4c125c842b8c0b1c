import { gunzipSync, gzipSync } from 'node:zlib';
import { ObjectNotFoundError, ObjectStore } from '@tandem/objectstore';
import { sortableId, TOMBSTONES_PREFIX } from '../repository/repository-layout';

/**
 * A tombstone list, `gc/tombstones/<gen>`: packs that garbage collection will delete once no backup that could
 * have missed the list is still running (and unless one of their chunks turns out to be needed after all).
 * Plain gzip'd JSON (`format` 2): pack ids are random, nothing secret.
 */
export interface TombstoneList {
  readonly gen: string;
  readonly key: string;
  /** When the list became visible (store time of its write). */
  readonly visibleAt: Date;
  /** Pack ids. */
  readonly packs: readonly string[];
}

/** Generations sort by time: 9 base-36 digits of milliseconds, then randomness. */
export function newGeneration(now = Date.now()): string {
  return sortableId(now);
}

export async function loadTombstoneLists(store: ObjectStore): Promise<TombstoneList[]> {
  const lists: TombstoneList[] = [];
  for await (const info of store.list(TOMBSTONES_PREFIX)) {
    let packs: string[];
    try {
      const doc = JSON.parse(gunzipSync(await store.get(info.key)).toString('utf8')) as { packs?: unknown };
      if (!Array.isArray(doc.packs)) continue;
      packs = doc.packs.filter((k): k is string => typeof k === 'string');
    } catch (err) {
      if (err instanceof ObjectNotFoundError) continue; // swept meanwhile
      throw err;
    }
    lists.push({ gen: info.key.slice(TOMBSTONES_PREFIX.length), key: info.key, visibleAt: info.modified, packs });
  }
  return lists.sort((a, b) => (a.gen < b.gen ? -1 : a.gen > b.gen ? 1 : 0));
}

export async function writeTombstoneList(store: ObjectStore, packs: readonly string[]): Promise<TombstoneList> {
  const gen = newGeneration();
  const key = `${TOMBSTONES_PREFIX}${gen}`;
  await store.put(key, gzipSync(Buffer.from(JSON.stringify({ format: 2, gen, packs }), 'utf8')));
  const info = await store.head(key);
  return { gen, key, visibleAt: info?.modified ?? new Date(), packs };
}

/**
 * What a backup knows about pending deletions: it never relies on a pack on a tombstone list (the pack may
 * vanish any moment once the backup's lease is younger than the list). Its chunks count as absent: a backup
 * stores them again, in a new pack.
 */
export class TombstoneSet {
  private readonly packs = new Set<string>();

  constructor(lists: readonly TombstoneList[]) {
    for (const list of lists) for (const pack of list.packs) this.packs.add(pack);
  }

  has(packId: string): boolean {
    return this.packs.has(packId);
  }

  get size(): number {
    return this.packs.size;
  }
}
