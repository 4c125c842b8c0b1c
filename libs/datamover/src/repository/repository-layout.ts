/**
 * Where things live in the object store (see the lib's README):
 *
 * - `config` — format version, chunker parameters, the wrapped repository keys
 * - `chunks/<first 2 hex of id>/<id>` — one encrypted chunk; `<id>.g<gen>` is a chunk re-uploaded under a new
 *   name because `<id>` was scheduled for deletion by garbage collection generation `<gen>`
 * - `manifests/<volume>/<recovery-point-id>` — one encrypted manifest per recovery point
 * - `locks/<lease-id>` — a running backup's lease (garbage collection waits for it)
 * - `gc/tombstones/<gen>` — chunks garbage collection will delete once no backup can still need them
 */
export const CONFIG_KEY = 'config';
export const CHUNKS_PREFIX = 'chunks/';
export const MANIFESTS_PREFIX = 'manifests/';
export const LOCKS_PREFIX = 'locks/';
export const TOMBSTONES_PREFIX = 'gc/tombstones/';

const SEGMENT = /^[A-Za-z0-9._-]{1,200}$/;

/** Volume names become key segments: letters, digits, `.`, `_` and `-`, not `.` or `..`. */
export function assertVolumeName(volume: string): string {
  if (!SEGMENT.test(volume) || volume === '.' || volume === '..') {
    throw new RangeError(`invalid volume name "${volume}": use 1–200 letters, digits, ".", "_" or "-"`);
  }
  return volume;
}

export function chunkKey(id: string, gen?: string): string {
  return `${CHUNKS_PREFIX}${id.slice(0, 2)}/${id}${gen ? `.g${gen}` : ''}`;
}

/** The chunk id and generation of a chunk key, or undefined for a key that is not a chunk. */
export function parseChunkKey(key: string): { id: string; gen?: string } | undefined {
  const m = /^chunks\/([0-9a-f]{2})\/([0-9a-f]{64})(?:\.g([A-Za-z0-9_-]+))?$/.exec(key);
  if (!m || m[2]?.slice(0, 2) !== m[1]) return undefined;
  return m[3] ? { id: m[2], gen: m[3] } : { id: m[2] };
}

export function manifestsPrefix(volume: string): string {
  return `${MANIFESTS_PREFIX}${assertVolumeName(volume)}/`;
}

export function manifestKey(volume: string, recoveryPointId: string): string {
  return `${manifestsPrefix(volume)}${assertRecoveryPointId(recoveryPointId)}`;
}

export function parseManifestKey(key: string): { volume: string; recoveryPointId: string } | undefined {
  const parts = key.split('/');
  if (parts.length !== 3 || `${parts[0]}/` !== MANIFESTS_PREFIX) return undefined;
  const [, volume, recoveryPointId] = parts as [string, string, string];
  if (!SEGMENT.test(volume) || !RECOVERY_POINT_ID.test(recoveryPointId)) return undefined;
  return { volume, recoveryPointId };
}

/** `20250131T120000123Z-1a2b3c4d`: UTC time to the millisecond, then randomness; sorts by time. */
const RECOVERY_POINT_ID = /^\d{8}T\d{9}Z-[0-9a-f]{8}$/;

export function assertRecoveryPointId(id: string): string {
  if (!RECOVERY_POINT_ID.test(id)) throw new RangeError(`invalid recovery point id "${id}"`);
  return id;
}

export function newRecoveryPointId(now: Date, random: Buffer): string {
  const stamp = now.toISOString().replace(/[-:]/g, '').replace('.', '');
  return `${stamp}-${random.subarray(0, 4).toString('hex')}`;
}

/** A recovery point is named by its manifest key, or by volume and id. */
export type RecoveryPointRef = string | { volume: string; recoveryPointId: string };

export function resolveManifestKey(ref: RecoveryPointRef): string {
  if (typeof ref !== 'string') return manifestKey(ref.volume, ref.recoveryPointId);
  if (!parseManifestKey(ref)) throw new RangeError(`"${ref}" is not a manifest key (manifests/<volume>/<recovery-point-id>)`);
  return ref;
}
