import { chmod, mkdir, open, symlink, utimes, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { randomBytesFor, SeededRandom, textBytesFor } from './seeded-bytes';

// The datamover bench's dataset: many small files, some medium and a few large ones, about half of the bytes
// text-like (compressible) and half random. Names, sizes, contents, modes and mtimes depend only on the seed and
// the size, so every run and every machine backs up the same tree.

const KiB = 1024;
const MiB = 1024 * KiB;
/** Large files are generated and written in blocks of this size, so memory stays small. */
const BLOCK = 8 * MiB;
/** Deterministic mtimes start here (2023-11-14) and are a few seconds apart, with sub-second parts. */
const MTIME_BASE_S = 1_700_000_000;

export interface DatasetFile {
  /** Relative to the dataset's root, `/`-separated. */
  path: string;
  size: number;
  compressible: boolean;
  kind: 'small' | 'medium' | 'large';
}

export interface Dataset {
  root: string;
  seed: string;
  bytes: number;
  files: DatasetFile[];
  compressible_bytes: number;
  dirs: number;
  symlinks: number;
}

/** The share of the bytes in each kind of file and the range of their sizes. */
const BUCKETS = [
  { kind: 'small', share: 0.3, min: 512, max: 64 * KiB, log: true },
  { kind: 'medium', share: 0.2, min: 64 * KiB, max: 8 * MiB, log: true },
  { kind: 'large', share: 0.5, min: 32 * MiB, max: 160 * MiB, log: false },
] as const;

/** Writes the dataset of `bytes` bytes of file content under `root` (which must be empty or absent). */
export async function generateDataset(root: string, bytes: number, seed: string): Promise<Dataset> {
  const random = new SeededRandom(seed, 'layout');
  const files: DatasetFile[] = [];
  // Large files first, so that the many small ones at the end even out the compressible share.
  const budgets = BUCKETS.map((b) => Math.floor(bytes * b.share));
  budgets[budgets.length - 1]! += bytes - budgets.reduce((a, b) => a + b, 0);
  let compressible = 0;
  let incompressible = 0;
  for (let i = BUCKETS.length - 1; i >= 0; i--) {
    const bucket = BUCKETS[i]!;
    for (let left = budgets[i]!; left > 0; ) {
      const wanted = bucket.log ? random.logInt(bucket.min, bucket.max) : random.int(bucket.min, bucket.max);
      const size = Math.min(left, wanted);
      // Greedy: the kind that has fewer bytes so far, so that about half of all bytes are compressible.
      const isText = compressible <= incompressible;
      if (isText) compressible += size;
      else incompressible += size;
      files.push({ path: pathFor(bucket.kind, files.length, isText, random), size, compressible: isText, kind: bucket.kind });
      left -= size;
    }
  }
  // A few empty files: they have metadata but no content.
  for (let i = 0; i < 3; i++) files.push({ path: `small/d00/s00/empty-${i}`, size: 0, compressible: true, kind: 'small' });

  await forEachLimited(files, 16, async (file, i) => {
    await writeGenerated(join(root, file.path), seed, file);
    await utimes(join(root, file.path), MTIME_BASE_S, mtimeOf(i));
  });
  await mkdir(join(root, 'small', 'empty-dir'), { recursive: true });
  const links: [string, string][] = [
    ['small/d00/link-to-file', 's00/empty-0'],
    ['small/link-to-dir', 'd01'],
    ['small/d02/dangling-link', 'does-not-exist'],
  ];
  for (const [path, target] of links) await symlink(target, join(root, path));
  await applyModes(root, files);
  const dirs = [...new Set(files.flatMap((f) => ancestors(f.path)))].concat('small/empty-dir');
  // Deepest first, so setting a directory's mtime does not disturb its parent's afterwards.
  for (const [i, dir] of dirs.sort((a, b) => b.split('/').length - a.split('/').length).entries()) {
    await utimes(join(root, dir), MTIME_BASE_S, MTIME_BASE_S + 86_400 + i);
  }
  return {
    root,
    seed,
    bytes,
    files,
    compressible_bytes: files.filter((f) => f.compressible).reduce((n, f) => n + f.size, 0),
    dirs: dirs.length,
    symlinks: links.length,
  };
}

/** The content of `file`, written block by block; the bytes of each block depend on the seed, path and block. */
async function writeGenerated(path: string, seed: string, file: DatasetFile): Promise<void> {
  await mkdir(dirname(path), { recursive: true });
  if (file.size <= BLOCK) {
    await writeFile(path, contentFor(seed, file.path, 0, file.size, file.compressible));
    return;
  }
  const fh = await open(path, 'w');
  try {
    for (let at = 0, block = 0; at < file.size; at += BLOCK, block++) {
      await fh.write(contentFor(seed, file.path, block, Math.min(BLOCK, file.size - at), file.compressible));
    }
  } finally {
    await fh.close();
  }
}

/** Generated content: text-like or random, for the label `path#block`. */
export function contentFor(seed: string, path: string, block: number | string, size: number, compressible: boolean): Buffer {
  const label = `${path}#${block}`;
  return compressible ? textBytesFor(seed, label, size) : randomBytesFor(seed, label, size);
}

function pathFor(kind: DatasetFile['kind'], index: number, isText: boolean, random: SeededRandom): string {
  const n = String(index).padStart(6, '0');
  const ext = isText ? 'txt' : 'bin';
  if (kind === 'small') {
    const top = String(random.int(0, 31)).padStart(2, '0');
    const sub = String(random.int(0, 7)).padStart(2, '0');
    return `small/d${top}/s${sub}/file-${n}.${ext}`;
  }
  if (kind === 'medium') return `medium/m${String(random.int(0, 7)).padStart(2, '0')}/object-${n}.${ext}`;
  return `large/volume-${n}.${ext === 'txt' ? 'log' : 'img'}`;
}

/** Mostly 0644, some 0600 and 0755 files, and one private directory. */
async function applyModes(root: string, files: DatasetFile[]): Promise<void> {
  for (const [i, f] of files.entries()) {
    if (i % 23 === 5) await chmod(join(root, f.path), 0o755);
    else if (i % 17 === 3) await chmod(join(root, f.path), 0o600);
    else await chmod(join(root, f.path), 0o644);
  }
  await chmod(join(root, 'small', 'd07'), 0o700);
}

export function mtimeOf(index: number): number {
  return MTIME_BASE_S + index * 7 + (index % 1000) / 1000 + 0.000123;
}

function ancestors(path: string): string[] {
  const parts = path.split('/');
  return parts.slice(0, -1).map((_, i) => parts.slice(0, i + 1).join('/'));
}

/** Runs `work` on every item, at most `limit` at a time. */
export async function forEachLimited<T>(items: readonly T[], limit: number, work: (item: T, index: number) => Promise<void>): Promise<void> {
  let next = 0;
  const lane = async () => {
    while (next < items.length) {
      const i = next++;
      await work(items[i]!, i);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, lane));
}
