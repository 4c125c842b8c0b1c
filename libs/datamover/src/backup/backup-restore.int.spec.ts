import { randomBytes } from 'node:crypto';
import { mkdir, open, readFile, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { FsObjectStore } from '@tandem/objectstore';
import { Progress } from './progress.reporter';
import { backup } from './backup';
import { restore } from '../restore/restore';
import { verifyRecoveryPoint } from '../verify/verify-recovery-point';
import { buildMixedVolume, describeTree, expectSameTree, removeDir, sleep, SMALL_CHUNKS, tempDir } from '../testing/volume.fixture';

/** Incompressible bytes that are the same every run for one seed (xorshift32). */
function seededBytes(size: number, seed: number): Buffer {
  const out = Buffer.allocUnsafe(size);
  let x = seed >>> 0 || 1;
  for (let i = 0; i < size; i += 4) {
    x ^= x << 13;
    x >>>= 0;
    x ^= x >>> 17;
    x ^= x << 5;
    x >>>= 0;
    if (i + 4 <= size) out.writeUInt32LE(x, i);
    else for (let j = 0; i + j < size; j++) out[i + j] = (x >>> (8 * j)) & 0xff;
  }
  return out;
}

describe('backup and restore of a volume (real files, fs object store)', () => {
  let dir: string;
  let store: FsObjectStore;
  const key = randomBytes(32);

  beforeEach(async () => {
    dir = await tempDir();
    store = new FsObjectStore(join(dir, 'store'));
  });
  afterEach(async () => {
    await removeDir(dir);
  });

  it('restores every kind of node identically: content, modes, mtimes, symlinks, empty and sparse files', async () => {
    const source = join(dir, 'source');
    await mkdir(source);
    await buildMixedVolume(source);
    const progress: Progress[] = [];
    const result = await backup({ store, key, volume: 'pvc-1', source, chunker: SMALL_CHUNKS, onProgress: (p) => progress.push(p) });
    expect(result.manifestKey).toBe(`manifests/pvc-1/${result.recoveryPointId}`);
    expect(result.stats).toMatchObject({ files: 9, symlinks: 3, filesUnchanged: 0 });
    expect(result.stats.bytesNew).toBeLessThan(result.stats.bytesRead); // compression and dedup (dup-a = dup-b, sparse zeros)
    expect(progress[progress.length - 1]).toMatchObject({ filesDone: 9, filesTotal: 9 });
    expect(progress[progress.length - 1]?.bytesDone).toBe(progress[progress.length - 1]?.bytesTotal);

    const target = join(dir, 'restored');
    const restored = await restore({ store, key, recoveryPoint: result.manifestKey, target });
    expect(restored.stats.chunksZero).toBeGreaterThan(0);
    const before = await describeTree(source);
    const after = await describeTree(target);
    expectSameTree(after, before);
    expect(after['data/sparse.img']?.sparse).toBe(true);
    expect((await stat(join(target, 'data/sparse.img'))).blocks * 512).toBeLessThan(1024 * 1024);

    const verified = await verifyRecoveryPoint({ store, key, recoveryPoint: result.manifestKey });
    expect(verified).toMatchObject({ ok: true, bad: [] });
    expect(verified.chunksChecked).toBe(verified.chunksTotal);
  });

  it('reads no file content when nothing changed, and only about the changed bytes after a 1 % change', async () => {
    const source = join(dir, 'source');
    await mkdir(source);
    // Seeded, not random: where content-defined chunk boundaries fall depends on the bytes, and the bound below on
    // the re-chunked neighbourhood of each edit must hold every run, not most runs.
    for (let i = 0; i < 40; i++) await writeFile(join(source, `f${i}.bin`), seededBytes(512 * 1024, 1 + i));
    await writeFile(join(source, 'big.db'), seededBytes(20 * 1024 * 1024, 100));
    const total = 40 * 512 * 1024 + 20 * 1024 * 1024;
    await sleep(100); // let ctimes age past the racy window
    const first = await backup({ store, key, volume: 'db', source, chunker: SMALL_CHUNKS });
    expect(first.stats.bytesRead).toBe(total);

    const second = await backup({ store, key, volume: 'db', source });
    expect(second.parent).toBe(first.manifestKey);
    expect(second.stats).toMatchObject({ filesRead: 0, bytesRead: 0, bytesNew: 0, chunksNew: 0, filesUnchanged: 41 });

    // 1 %: 4 edits of 64 KiB inside the big file, and 4 small files rewritten in part.
    let changed = 0;
    const fh = await open(join(source, 'big.db'), 'r+');
    for (const at of [1, 5, 9, 15]) {
      await fh.write(seededBytes(64 * 1024, 200 + at), 0, 64 * 1024, at * 1024 * 1024);
      changed += 64 * 1024;
    }
    await fh.close();
    for (const i of [3, 17, 25, 38]) {
      const f = await open(join(source, `f${i}.bin`), 'r+');
      await f.write(seededBytes(32 * 1024, 300 + i), 0, 32 * 1024, 100_000);
      await f.close();
      changed += 32 * 1024;
    }
    expect(changed / total).toBeLessThan(0.015);
    await sleep(100);
    const third = await backup({ store, key, volume: 'db', source });
    expect(third.stats.filesUnchanged).toBe(36);
    expect(third.stats.filesRead).toBe(5);
    expect(third.stats.bytesNew).toBeGreaterThan(changed * 0.9);
    // each edit also re-chunks its neighbourhood: at most ~2 average chunks around it
    expect(third.stats.bytesNew).toBeLessThan(changed + 8 * 2 * SMALL_CHUNKS.avgSize * 1.5);

    // Restore the latest over the first restore, reusing its local data.
    const target = join(dir, 'restored');
    await restore({ store, key, recoveryPoint: first.manifestKey, target });
    // The application changed a file of the old restore since: its stale local data must not be used.
    const tampered = await open(join(target, 'f0.bin'), 'r+');
    await tampered.write(Buffer.alloc(100_000, 1), 0, 100_000, 0);
    await tampered.close();
    const again = await restore({ store, key, recoveryPoint: third.manifestKey, target, previous: first.manifestKey });
    expect(again.stats.chunksLocal).toBeGreaterThan(again.stats.chunksFetched * 10);
    expectSameTree(await describeTree(target), await describeTree(source));
  });

  it('restores a large file streamed through many chunks, byte for byte', async () => {
    const source = join(dir, 'source');
    await mkdir(source);
    const big = randomBytes(48 * 1024 * 1024);
    await writeFile(join(source, 'big'), big);
    const result = await backup({ store, key, volume: 'big', source });
    const target = join(dir, 'out');
    await restore({ store, key, recoveryPoint: { volume: 'big', recoveryPointId: result.recoveryPointId }, target });
    expect((await readFile(join(target, 'big'))).equals(big)).toBe(true);
  });

  it('stops on abort without writing a recovery point', async () => {
    const source = join(dir, 'source');
    await mkdir(source);
    await writeFile(join(source, 'a'), randomBytes(8 * 1024 * 1024));
    const controller = new AbortController();
    const run = backup({ store, key, volume: 'v', source, chunker: SMALL_CHUNKS, signal: controller.signal, onProgress: () => controller.abort() , progressIntervalMs: 0 });
    await expect(run).rejects.toMatchObject({ code: 'aborted' });
    const manifests: string[] = [];
    for await (const o of store.list('manifests/')) manifests.push(o.key);
    const locks: string[] = [];
    for await (const o of store.list('locks/')) locks.push(o.key);
    expect(manifests).toEqual([]);
    expect(locks).toEqual([]);
  });
});
