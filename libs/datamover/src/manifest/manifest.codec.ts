import { isChunkId } from '../crypto/chunk-id';
import { openObject, OpenFailure, sealObject } from '../crypto/sealed-object.codec';
import { CorruptObjectError } from '../datamover.errors';
import { Manifest, MANIFEST_FORMAT_VERSION, ManifestEntry } from './manifest.model';

/** Manifests are JSON, zstd-compressed and sealed (kind `M`) with the manifest's own key as context. */
export async function encodeManifest(manifest: Manifest, dataKey: Uint8Array, key: string): Promise<Buffer> {
  const json = Buffer.from(JSON.stringify(manifest), 'utf8');
  const { blob } = await sealObject(json, { key: dataKey, kind: 'M', context: key, compressionLevel: 3, minSavings: 0 });
  return blob;
}

export async function decodeManifest(blob: Uint8Array, dataKey: Uint8Array, key: string): Promise<Manifest> {
  let json: Buffer;
  try {
    json = await openObject(blob, { key: dataKey, kind: 'M', context: key });
  } catch (err) {
    if (err instanceof OpenFailure) throw new CorruptObjectError(key, `the manifest cannot be opened: ${err.message}`, err);
    throw err;
  }
  let raw: unknown;
  try {
    raw = JSON.parse(json.toString('utf8'));
  } catch (err) {
    throw new CorruptObjectError(key, 'the manifest is not JSON', err);
  }
  return checkManifest(raw, key);
}

function checkManifest(raw: unknown, key: string): Manifest {
  const fail = (problem: string): never => {
    throw new CorruptObjectError(key, `the manifest is malformed: ${problem}`);
  };
  const m = raw as Partial<Manifest> | null;
  if (!m || typeof m !== 'object' || m.format !== 'tandem-manifest') return fail('not a Tandem manifest');
  if (m.version !== MANIFEST_FORMAT_VERSION) return fail(`version ${String(m.version)} is not supported (this build reads ${MANIFEST_FORMAT_VERSION})`);
  if (typeof m.volume !== 'string' || typeof m.recoveryPointId !== 'string' || !Array.isArray(m.entries)) return fail('fields are missing');
  m.entries.forEach((e, i) => checkEntry(e, i, fail));
  return m as Manifest;
}

const isCount = (n: unknown): n is number => typeof n === 'number' && Number.isSafeInteger(n) && n >= 0;
const isNs = (s: unknown): s is string => typeof s === 'string' && /^-?\d{1,25}$/.test(s);

function checkEntry(e: ManifestEntry, i: number, fail: (problem: string) => never): void {
  const at = `entry ${i}`;
  if (!e || typeof e !== 'object' || typeof e.path !== 'string') fail(`${at} has no path`);
  if (e.type !== 'dir' && e.type !== 'file' && e.type !== 'symlink') fail(`${at} (${e.path}) has unknown type ${String(e.type)}`);
  if (!isCount(e.mode) || e.mode > 0o7777 || !isCount(e.uid) || !isCount(e.gid) || !isCount(e.size) || !isNs(e.mtimeNs)) {
    fail(`${at} (${e.path}) has a bad mode, owner, size or mtime`);
  }
  if (e.type === 'symlink' && typeof e.target !== 'string') fail(`${at} (${e.path}) is a symlink without target`);
  if (e.type === 'file') {
    if (!Array.isArray(e.chunks)) fail(`${at} (${e.path}) is a file without chunk list`);
    for (const c of e.chunks ?? []) {
      if (!c || !isChunkId(c.id) || !isCount(c.size)) {
        fail(`${at} (${e.path}) has a malformed chunk reference`);
      }
    }
    if (e.change && (!isNs(e.change.ctimeNs) || typeof e.change.ino !== 'string')) fail(`${at} (${e.path}) has malformed change data`);
  }
}
