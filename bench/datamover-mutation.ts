import { appendFile, mkdir, open, rename, rm, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { contentFor, Dataset, DatasetFile } from './datamover-dataset';
import { SeededRandom } from './seeded-bytes';

// The change between the full and the incremental run: about `percent` of the bytes, as appends to large files,
// overwrites in the middle of large files, new files, plus deleted and renamed files and one renamed directory.
// Which files and where depends only on the seed and the dataset. Changed files get the current time as mtime,
// as an application's writes would.

const KiB = 1024;

export interface Mutation {
  /** Appended + overwritten + new bytes: what an ideal incremental backup has to upload (before compression). */
  changed_bytes: number;
  appended_bytes: number;
  appended_files: number;
  overwritten_bytes: number;
  overwrites: number;
  overwritten_files: number;
  new_bytes: number;
  new_files: number;
  deleted_bytes: number;
  deleted_files: number;
  /** Files renamed or moved one by one, and the files inside the renamed directory: content unchanged. */
  renamed_bytes: number;
  renamed_files: number;
  files_after: number;
  bytes_after: number;
}

export async function mutateDataset(dataset: Dataset, percent: number): Promise<Mutation> {
  const { root, seed } = dataset;
  const random = new SeededRandom(seed, 'mutation');
  const target = Math.max(4 * KiB, Math.round((dataset.bytes * percent) / 100));
  const files = new Map(dataset.files.map((f) => [f.path, { ...f }]));
  const touched = new Set<string>();
  const big = dataset.files.filter((f) => f.kind === 'large');
  const bigOrMedium = big.length >= 2 ? big : dataset.files.filter((f) => f.kind !== 'small' && f.size >= 256 * KiB);
  const m: Mutation = {
    changed_bytes: 0, appended_bytes: 0, appended_files: 0, overwritten_bytes: 0, overwrites: 0, overwritten_files: 0,
    new_bytes: 0, new_files: 0, deleted_bytes: 0, deleted_files: 0, renamed_bytes: 0, renamed_files: 0, files_after: 0, bytes_after: 0,
  };

  // Appends: a quarter of the change, to up to three of the larger files.
  const appendTo = pickDistinct(random, bigOrMedium, Math.min(3, bigOrMedium.length));
  for (const [i, f] of appendTo.entries()) {
    const size = Math.floor(target / 4 / appendTo.length);
    await appendFile(join(root, f.path), contentFor(seed, f.path, `append-${i}`, size, f.compressible));
    files.get(f.path)!.size += size;
    touched.add(f.path);
    m.appended_bytes += size;
    m.appended_files++;
  }

  // Overwrites in the middle (10–90 %) of up to four large files: 16 KiB–1 MiB each (about ten in all at 1 GiB),
  // not overlapping, size unchanged. Every edit also dirties the chunks around it: a chunking backup uploads
  // about one average chunk more per edit than the bytes edited, so more, smaller edits cost it more.
  const editIn = pickDistinct(random, bigOrMedium, Math.min(4, bigOrMedium.length));
  const ranges = new Map<string, [number, number][]>();
  for (let budget = Math.floor(target / 4), attempt = 0; budget >= 4 * KiB && attempt < 10_000 && editIn.length > 0; attempt++) {
    const f = files.get(random.pick(editIn).path)!;
    const length = Math.min(budget, random.logInt(16 * KiB, 1024 * KiB), Math.floor(f.size * 0.8));
    const offset = Math.floor(f.size * 0.1) + random.int(0, Math.floor(f.size * 0.8) - length);
    const taken = ranges.get(f.path) ?? [];
    if (taken.some(([a, b]) => offset < b && a < offset + length)) continue;
    taken.push([offset, offset + length]);
    ranges.set(f.path, taken);
    const fh = await open(join(root, f.path), 'r+');
    try {
      await fh.write(contentFor(seed, f.path, `edit-${m.overwrites}`, length, f.compressible), 0, length, offset);
    } finally {
      await fh.close();
    }
    touched.add(f.path);
    budget -= length;
    m.overwritten_bytes += length;
    m.overwrites++;
  }
  m.overwritten_files = ranges.size;

  // New files: half of the change, small ones (some in a new directory) and then medium ones, half compressible.
  const smallDirs = [...new Set(dataset.files.filter((f) => f.kind === 'small').map((f) => dirname(f.path)))].sort();
  for (let budget = target - m.appended_bytes - m.overwritten_bytes, i = 0; budget > 0; i++) {
    const smallPhase = m.new_bytes < (target / 2) * 0.4;
    const size = Math.min(budget, smallPhase ? random.logInt(512, 64 * KiB) : random.logInt(256 * KiB, 4 * 1024 * KiB));
    const compressible = i % 2 === 0;
    const dir = smallPhase ? (i % 4 === 0 ? 'small/new-files' : random.pick(smallDirs)) : 'medium/new';
    const path = `${dir}/new-${String(i).padStart(5, '0')}.${compressible ? 'txt' : 'bin'}`;
    await mkdir(join(root, dir), { recursive: true });
    await writeFile(join(root, path), contentFor(seed, path, 0, size, compressible));
    files.set(path, { path, size, compressible, kind: smallPhase ? 'small' : 'medium' });
    touched.add(path);
    budget -= size;
    m.new_bytes += size;
    m.new_files++;
  }

  const untouched = (kind: DatasetFile['kind']) =>
    [...files.values()].filter((f) => f.kind === kind && f.size > 0 && !touched.has(f.path) && !f.path.startsWith('small/d00/'));
  const smallCount = dataset.files.filter((f) => f.kind === 'small').length;

  // Deletions: 0.5 % of the small files and one medium file.
  for (const f of [...pickDistinct(random, untouched('small'), Math.max(1, Math.round(smallCount * 0.005))), ...pickDistinct(random, untouched('medium'), 1)]) {
    await rm(join(root, f.path));
    files.delete(f.path);
    touched.add(f.path);
    m.deleted_bytes += f.size;
    m.deleted_files++;
  }

  // Renames: 0.5 % of the small files moved to another directory, one medium file renamed in place.
  const moves = [...pickDistinct(random, untouched('small'), Math.max(1, Math.round(smallCount * 0.005))), ...pickDistinct(random, untouched('medium'), 1)];
  for (const [i, f] of moves.entries()) {
    const to = f.kind === 'small' ? `${random.pick(smallDirs)}/moved-${String(i).padStart(4, '0')}-${basename(f.path)}` : `${dirname(f.path)}/renamed-${basename(f.path)}`;
    await rename(join(root, f.path), join(root, to));
    files.delete(f.path);
    files.set(to, { ...f, path: to });
    touched.add(to);
    m.renamed_bytes += f.size;
    m.renamed_files++;
  }

  // One directory of small files renamed as a whole.
  const dir = random.pick(smallDirs.filter((d) => d !== 'small/d00/s00' && [...files.keys()].some((p) => p.startsWith(`${d}/`))));
  await rename(join(root, dir), join(root, `${dir}-renamed`));
  for (const f of [...files.values()].filter((x) => x.path.startsWith(`${dir}/`))) {
    files.delete(f.path);
    files.set(`${dir}-renamed/${f.path.slice(dir.length + 1)}`, f);
    m.renamed_bytes += f.size;
    m.renamed_files++;
  }

  m.changed_bytes = m.appended_bytes + m.overwritten_bytes + m.new_bytes;
  m.files_after = files.size;
  m.bytes_after = [...files.values()].reduce((n, f) => n + f.size, 0);
  return m;
}

function pickDistinct<T>(random: SeededRandom, items: readonly T[], count: number): T[] {
  const pool = [...items];
  const out: T[] = [];
  while (out.length < count && pool.length > 0) out.push(pool.splice(Math.floor(random.next() * pool.length), 1)[0]!);
  return out;
}

function basename(path: string): string {
  return path.slice(path.lastIndexOf('/') + 1);
}
