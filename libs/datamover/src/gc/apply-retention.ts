import { ObjectStore } from '@tandem/objectstore';
import { listRecoveryPoints } from '../manifest/recovery-points';
import { manifestKey } from '../repository/repository-layout';

export interface RetentionOptions {
  readonly store: ObjectStore;
  readonly volume: string;
  /** How many of the newest recovery points to keep (at least 1). */
  readonly retain: number;
}

export interface RetentionResult {
  readonly kept: string[];
  readonly deleted: string[];
}

/**
 * Deletes a volume's oldest manifests beyond `retain` (ids sort by time). Chunks are left for `collectGarbage`,
 * which deletes them once nothing references them. Needs no key: manifests are found by name.
 */
export async function applyRetention(opts: RetentionOptions): Promise<RetentionResult> {
  if (!Number.isInteger(opts.retain) || opts.retain < 1) throw new RangeError('retain must be an integer of at least 1');
  const ids = await listRecoveryPoints(opts.store, opts.volume);
  const cut = Math.max(0, ids.length - opts.retain);
  const doomed = ids.slice(0, cut).map((id) => manifestKey(opts.volume, id));
  for (const key of doomed) await opts.store.delete(key);
  return { kept: ids.slice(cut).map((id) => manifestKey(opts.volume, id)), deleted: doomed };
}
