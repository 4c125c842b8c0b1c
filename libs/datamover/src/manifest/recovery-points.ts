import { ObjectNotFoundError, ObjectStore } from '@tandem/objectstore';
import { DatamoverError } from '../datamover.errors';
import { Repository } from '../repository/repository';
import { manifestKey, manifestsPrefix, parseManifestKey, RecoveryPointRef, resolveManifestKey } from '../repository/repository-layout';
import { decodeManifest, encodeManifest } from './manifest.codec';
import { Manifest } from './manifest.model';

/** The recovery point ids of a volume, oldest first (ids sort by time). */
export async function listRecoveryPoints(store: ObjectStore, volume: string): Promise<string[]> {
  const ids: string[] = [];
  for await (const info of store.list(manifestsPrefix(volume))) {
    const parsed = parseManifestKey(info.key);
    if (parsed?.volume === volume) ids.push(parsed.recoveryPointId);
  }
  return ids.sort();
}

/** The newest recovery point's manifest key of a volume, if it has any. */
export async function latestManifestKey(store: ObjectStore, volume: string): Promise<string | undefined> {
  const ids = await listRecoveryPoints(store, volume);
  const last = ids[ids.length - 1];
  return last === undefined ? undefined : manifestKey(volume, last);
}

export class RecoveryPointNotFoundError extends DatamoverError {
  constructor(readonly manifestKey: string, location: string) {
    super(`recovery point ${manifestKey} does not exist in ${location}`, { code: 'recovery-point-not-found' });
  }
}

export async function loadManifest(repo: Repository, ref: RecoveryPointRef): Promise<Manifest> {
  const key = resolveManifestKey(ref);
  let blob: Uint8Array;
  try {
    blob = await repo.store.get(key);
  } catch (err) {
    if (err instanceof ObjectNotFoundError) throw new RecoveryPointNotFoundError(key, repo.store.location);
    throw err;
  }
  return decodeManifest(blob, repo.keys.dataKey, key);
}

/** Writes a manifest; a recovery point exists from this moment on. Never overwrites one. */
export async function saveManifest(repo: Repository, manifest: Manifest): Promise<{ key: string; bytes: number }> {
  const key = manifestKey(manifest.volume, manifest.recoveryPointId);
  const blob = await encodeManifest(manifest, repo.keys.dataKey, key);
  const { written } = await repo.store.put(key, blob, { ifAbsent: true });
  if (!written) throw new DatamoverError(`recovery point ${key} already exists`, { code: 'recovery-point-exists' });
  return { key, bytes: blob.length };
}
