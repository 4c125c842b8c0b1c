import { randomBytes } from 'node:crypto';
import { gunzipSync, gzipSync } from 'node:zlib';
import { ObjectNotFoundError, ObjectStore } from '@tandem/objectstore';
import { TOMBSTONES_PREFIX } from '../repository/repository-layout';

/**
 * A tombstone list, `gc/tombstones/<gen>`: chunk keys that garbage collection found unreferenced and will delete
 * once no backup that could have missed the list is still running. Plain gzip'd JSON: chunk ids are keyed
 * hashes, nothing secret.
 */
export interface TombstoneList {
  readonly gen: string;
  readonly key: string;
  /** When the list became visible (store time of its write). */
  readonly visibleAt: Date;
  readonly keys: readonly string[];
}

/** Generations sort by time: 9 base-36 digits of milliseconds, then randomness. */
export function newGeneration(now = Date.now()): string {
  return `${now.toString(36).padStart(9, '0')}${randomBytes(3).toString('hex')}`;
}

export async function loadTombstoneLists(store: ObjectStore): Promise<TombstoneList[]> {
  const lists: TombstoneList[] = [];
  for await (const info of store.list(TOMBSTONES_PREFIX)) {
    let keys: string[];
    try {
      const doc = JSON.parse(gunzipSync(await store.get(info.key)).toString('utf8')) as { keys?: unknown };
      if (!Array.isArray(doc.keys)) continue;
      keys = doc.keys.filter((k): k is string => typeof k === 'string');
    } catch (err) {
      if (err instanceof ObjectNotFoundError) continue; // swept meanwhile
      throw err;
    }
    lists.push({ gen: info.key.slice(TOMBSTONES_PREFIX.length), key: info.key, visibleAt: info.modified, keys });
  }
  return lists.sort((a, b) => (a.gen < b.gen ? -1 : a.gen > b.gen ? 1 : 0));
}

export async function writeTombstoneList(store: ObjectStore, keys: readonly string[]): Promise<TombstoneList> {
  const gen = newGeneration();
  const key = `${TOMBSTONES_PREFIX}${gen}`;
  await store.put(key, gzipSync(Buffer.from(JSON.stringify({ format: 1, gen, keys }), 'utf8')));
  const info = await store.head(key);
  return { gen, key, visibleAt: info?.modified ?? new Date(), keys };
}

/**
 * What a backup knows about pending deletions: it never relies on a tombstoned chunk key (the chunk may vanish
 * any moment once the backup's lease is younger than the list); it writes such a chunk again under
 * `<id>.g<rescueGen>`, a name no list it has seen contains.
 */
export class TombstoneSet {
  private readonly keys = new Set<string>();
  readonly rescueGen: string;

  constructor(lists: readonly TombstoneList[]) {
    for (const list of lists) for (const key of list.keys) this.keys.add(key);
    this.rescueGen = lists.length > 0 ? (lists[lists.length - 1] as TombstoneList).gen : newGeneration();
  }

  has(key: string): boolean {
    return this.keys.has(key);
  }

  get size(): number {
    return this.keys.size;
  }
}
