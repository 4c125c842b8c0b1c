import { randomBytes } from 'node:crypto';

/**
 * Where things live in the object store (see the lib's README):
 *
 * - `config` — format version, chunker parameters, the wrapped repository keys
 * - `packs/<first 2 hex of id>/<pack id>` — a pack file: many encrypted chunks and an encrypted trailer listing them
 * - `index/<segment id>` — an encrypted index segment: which chunk is where in which pack
 * - `manifests/<volume>/<recovery-point-id>` — one encrypted manifest per recovery point
 * - `locks/<lease-id>` — a running backup's lease (garbage collection waits for it)
 * - `gc/tombstones/<gen>` — packs garbage collection will delete once no backup can still need them
 * - `gc/lock` — the lock of the running garbage collection
 */
export const CONFIG_KEY = 'config';
export const PACKS_PREFIX = 'packs/';
export const INDEX_PREFIX = 'index/';
export const MANIFESTS_PREFIX = 'manifests/';
export const LOCKS_PREFIX = 'locks/';
export const TOMBSTONES_PREFIX = 'gc/tombstones/';
export const GC_LOCK_KEY = 'gc/lock';

const SEGMENT = /^[A-Za-z0-9._-]{1,200}$/;

/** Volume names become key segments: letters, digits, `.`, `_` and `-`, not `.` or `..`. */
export function assertVolumeName(volume: string): string {
  if (!SEGMENT.test(volume) || volume === '.' || volume === '..') {
    throw new RangeError(`invalid volume name "${volume}": use 1–200 letters, digits, ".", "_" or "-"`);
  }
  return volume;
}

/** Pack ids are 16 random bytes, 32 hex digits. */
const PACK_ID = /^[0-9a-f]{32}$/;

export function newPackId(): string {
  return randomBytes(16).toString('hex');
}

export function packKey(packId: string): string {
  if (!PACK_ID.test(packId)) throw new RangeError(`invalid pack id "${packId}"`);
  return `${PACKS_PREFIX}${packId.slice(0, 2)}/${packId}`;
}

/** The pack id of a pack key, or undefined for a key that is not a pack. */
export function parsePackKey(key: string): string | undefined {
  const m = /^packs\/([0-9a-f]{2})\/([0-9a-f]{32})$/.exec(key);
  return m && m[2]?.slice(0, 2) === m[1] ? m[2] : undefined;
}

/** A time-sortable name: 9 base-36 digits of milliseconds, then 6 hex digits of randomness. */
export function sortableId(now = Date.now()): string {
  return `${now.toString(36).padStart(9, '0')}${randomBytes(3).toString('hex')}`;
}

export function newIndexKey(now = Date.now()): string {
  return `${INDEX_PREFIX}${sortableId(now)}`;
}

export function isIndexKey(key: string): boolean {
  return /^index\/[0-9a-z]{9}[0-9a-f]{6}$/.test(key);
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
