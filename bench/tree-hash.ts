import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { lstat, readdir, readlink } from 'node:fs/promises';
import { join } from 'node:path';
import { forEachLimited } from './datamover-dataset';

// What "restored identical" means here: the same paths, types, modes, owners, sizes, mtimes (nanoseconds) of
// files and directories, symlink targets and file contents (SHA-256). The root directory's own metadata is not
// compared: each tool creates the restore target its own way.

export interface TreeHash {
  /** SHA-256 over every entry's record, in path order. */
  digest: string;
  files: number;
  dirs: number;
  symlinks: number;
  bytes: number;
  /** One line per entry: `path type mode uid:gid size mtime content`, keyed by path. */
  records: Map<string, string>;
}

export async function hashTree(root: string): Promise<TreeHash> {
  const entries: string[] = [];
  const walk = async (rel: string) => {
    for (const d of await readdir(join(root, rel), { withFileTypes: true })) {
      const path = rel ? `${rel}/${d.name}` : d.name;
      entries.push(path);
      if (d.isDirectory()) await walk(path);
    }
  };
  await walk('');
  entries.sort();
  const records = new Map<string, string>();
  const counts = { files: 0, dirs: 0, symlinks: 0, bytes: 0 };
  await forEachLimited(entries, 8, async (path) => {
    const full = join(root, path);
    const s = await lstat(full, { bigint: true });
    const mode = (s.mode & 0o7777n).toString(8);
    const owner = `${s.uid}:${s.gid}`;
    let record: string;
    if (s.isSymbolicLink()) {
      counts.symlinks++;
      record = `link ${owner} -> ${await readlink(full)}`; // symlink mtimes and modes are not portable
    } else if (s.isDirectory()) {
      counts.dirs++;
      record = `dir ${mode} ${owner} mtime=${s.mtimeNs}`;
    } else if (s.isFile()) {
      counts.files++;
      counts.bytes += Number(s.size);
      record = `file ${mode} ${owner} size=${s.size} mtime=${s.mtimeNs} sha256=${await sha256File(full)}`;
    } else {
      record = `other ${mode}`;
    }
    records.set(path, record);
  });
  const h = createHash('sha256');
  for (const path of entries) h.update(`${path}\0${records.get(path)}\n`);
  return { digest: h.digest('hex'), ...counts, records };
}

const MTIME = / mtime=(\d+)/;

/**
 * How closely a restore must match: `exact` compares mtimes to the nanosecond; `mtime-us` within 2 µs
 * (what a program that sets times through Node's `fs.utimes` can do: libuv takes a double of seconds and keeps
 * whole microseconds, so up to 1 µs is cut off, plus the double's rounding); `no-mtimes` ignores
 * mtimes (content, modes, owners, sizes and symlink targets only).
 */
export type Strictness = 'exact' | 'mtime-us' | 'no-mtimes';

/** Up to `limit` differences between two trees, as human-readable lines; empty when they are identical. */
export function treeDifferences(expected: TreeHash, actual: TreeHash, limit = 10, strictness: Strictness = 'exact'): string[] {
  const out: string[] = [];
  const same = (a: string, b: string) => {
    if (strictness === 'exact') return a === b;
    const [ma, mb] = [MTIME.exec(a)?.[1], MTIME.exec(b)?.[1]];
    if (a.replace(MTIME, '') !== b.replace(MTIME, '')) return false;
    if (strictness === 'no-mtimes' || ma === undefined || mb === undefined) return true; // same kind of entry: both or neither have one
    const delta = BigInt(ma) - BigInt(mb);
    return delta < 2000n && delta > -2000n;
  };
  for (const [path, want] of expected.records) {
    const got = actual.records.get(path);
    if (got === undefined) out.push(`missing ${path}`);
    else if (!same(want, got)) out.push(`${path}: expected "${want}", got "${got}"`);
    if (out.length >= limit) return out;
  }
  for (const path of actual.records.keys()) {
    if (!expected.records.has(path)) out.push(`unexpected ${path}`);
    if (out.length >= limit) return out;
  }
  return out;
}

function sha256File(path: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const h = createHash('sha256');
    createReadStream(path, { highWaterMark: 1024 * 1024 })
      .on('data', (chunk) => h.update(chunk))
      .on('end', () => resolve(h.digest('hex')))
      .on('error', reject);
  });
}
