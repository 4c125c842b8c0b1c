import { createHash, randomBytes } from 'node:crypto';
import { chmod, lchown, lstat, mkdir, mkdtemp, open, readdir, readFile, readlink, rm, symlink, utimes, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

// Test helpers (not exported by the lib): temp dirs, volume builders and a tree description to compare.

export async function tempDir(prefix = 'tandem-dm-'): Promise<string> {
  return mkdtemp(join(tmpdir(), prefix));
}

export async function removeDir(path: string): Promise<void> {
  await rm(path, { recursive: true, force: true });
}

/** Text-like data that compresses, reproducible from a seed. */
export function compressible(bytes: number, seed = 1): Buffer {
  const words = ['alpha', 'beta', 'gamma', 'delta', 'volume', 'chunk', 'tandem', 'restore', 'backup', 'snapshot'];
  const parts: string[] = [];
  let x = seed;
  let length = 0;
  while (length < bytes) {
    x = (x * 1103515245 + 12345) & 0x7fffffff;
    const w = `${words[x % words.length]}${x % 997} `;
    parts.push(w);
    length += w.length;
  }
  return Buffer.from(parts.join('')).subarray(0, bytes);
}

export const T2020 = new Date('2020-02-02T02:02:02.123Z');

/** A volume with every kind of node: nested dirs, empty/small/large/sparse files, relative symlinks, odd modes. */
export async function buildMixedVolume(root: string, opts: { largeBytes?: number } = {}): Promise<void> {
  await mkdir(join(root, 'data/nested/deeper'), { recursive: true });
  await mkdir(join(root, 'empty-dir'));
  await writeFile(join(root, 'empty.txt'), '');
  await writeFile(join(root, 'small.txt'), 'hello tandem\n');
  await writeFile(join(root, 'data/text.log'), compressible(300_000, 7));
  await writeFile(join(root, 'data/random.bin'), randomBytes(opts.largeBytes ?? 3 * 1024 * 1024));
  await writeFile(join(root, 'data/nested/deeper/dup-a.bin'), compressible(200_000, 3));
  await writeFile(join(root, 'data/nested/deeper/dup-b.bin'), compressible(200_000, 3));
  await writeFile(join(root, 'data/nested/script.sh'), '#!/bin/sh\necho hi\n', { mode: 0o755 });
  await writeFile(join(root, 'data/secret.key'), randomBytes(64), { mode: 0o600 });
  // Sparse: 8 MiB with data only at the start, the middle and the end.
  const fh = await open(join(root, 'data/sparse.img'), 'w');
  await fh.write(Buffer.from('head'), 0, 4, 0);
  await fh.write(randomBytes(10_000), 0, 10_000, 4 * 1024 * 1024);
  await fh.write(Buffer.from('tail'), 0, 4, 8 * 1024 * 1024 - 4);
  await fh.close();
  await symlink('data/text.log', join(root, 'link-to-log'));
  await symlink('../text.log', join(root, 'data/nested/up-link'));
  await symlink('deeper', join(root, 'data/nested/dir-link'));
  await chmod(join(root, 'empty-dir'), 0o750);
  if (process.getuid?.() === 0) {
    await lchown(join(root, 'data/secret.key'), 1234, 5678);
    await lchown(join(root, 'link-to-log'), 4321, 8765);
  }
  await utimes(join(root, 'small.txt'), T2020, T2020);
  await utimes(join(root, 'data/nested/deeper'), T2020, T2020);
}

export interface NodeDescription {
  type: 'dir' | 'file' | 'symlink' | 'other';
  mode: number;
  uid: number;
  gid: number;
  size: number;
  mtimeUs: string;
  sha256?: string;
  target?: string;
  sparse?: boolean;
}

/** Everything a user would compare after a restore, by relative path. mtimes to the microsecond. */
export async function describeTree(root: string): Promise<Record<string, NodeDescription>> {
  const out: Record<string, NodeDescription> = {};
  const visit = async (rel: string): Promise<void> => {
    const abs = rel === '.' ? root : join(root, rel);
    const st = await lstat(abs, { bigint: true });
    const d: NodeDescription = {
      type: st.isDirectory() ? 'dir' : st.isFile() ? 'file' : st.isSymbolicLink() ? 'symlink' : 'other',
      mode: Number(st.mode & 0o7777n),
      uid: Number(st.uid),
      gid: Number(st.gid),
      size: st.isDirectory() ? 0 : Number(st.size),
      mtimeUs: String(st.mtimeNs / 1000n),
    };
    if (d.type === 'file') {
      d.sha256 = createHash('sha256').update(await readFile(abs)).digest('hex');
      d.sparse = Number(st.blocks) * 512 < Number(st.size);
    }
    if (d.type === 'symlink') d.target = await readlink(abs);
    out[rel] = d;
    if (d.type === 'dir') for (const name of (await readdir(abs)).sort()) await visit(rel === '.' ? name : `${rel}/${name}`);
  };
  await visit('.');
  return out;
}

/**
 * Asserts that a restored tree equals the original. mtimes may differ by 1 µs: Node's utimes takes seconds as a
 * double, so sub-microsecond precision cannot be restored from Node.
 */
export function expectSameTree(actual: Record<string, NodeDescription>, expected: Record<string, NodeDescription>): void {
  const strip = (t: Record<string, NodeDescription>) =>
    Object.fromEntries(Object.entries(t).map(([p, d]) => [p, { ...d, mtimeUs: undefined }]));
  expect(strip(actual)).toEqual(strip(expected));
  for (const [path, d] of Object.entries(expected)) {
    const diff = Math.abs(Number(BigInt(actual[path]?.mtimeUs ?? '0') - BigInt(d.mtimeUs)));
    if (diff > 1) throw new Error(`mtime of ${path} differs by ${diff} µs (${actual[path]?.mtimeUs} instead of ${d.mtimeUs})`);
  }
}

export const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

/** Test chunker sizes: small chunks so that small test data has many. */
export const SMALL_CHUNKS = { minSize: 16 * 1024, avgSize: 64 * 1024, maxSize: 256 * 1024 };

/** Test pack size: small packs so that small test data fills several. */
export const SMALL_PACKS = 256 * 1024;
