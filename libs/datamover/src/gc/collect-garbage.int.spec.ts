import { randomBytes } from 'node:crypto';
import { mkdir, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { FsObjectStore, ObjectStore } from '@tandem/objectstore';
import { backup } from '../backup/backup';
import { loadManifest } from '../manifest/recovery-points';
import { openRepository } from '../repository/repository';
import { chunkKey, parseChunkKey } from '../repository/repository-layout';
import { restore } from '../restore/restore';
import { Gate, HookedObjectStore } from '../testing/hooked.object-store';
import { describeTree, expectSameTree, removeDir, sleep, SMALL_CHUNKS, tempDir } from '../testing/volume.fixture';
import { verifyRecoveryPoint } from '../verify/verify-recovery-point';
import { applyRetention } from './apply-retention';
import { collectGarbage } from './collect-garbage';

async function keys(store: ObjectStore, prefix: string): Promise<string[]> {
  const out: string[] = [];
  for await (const o of store.list(prefix)) out.push(o.key);
  return out;
}

async function chunkKeysOf(store: ObjectStore, key: Uint8Array, manifestKey: string): Promise<string[]> {
  const manifest = await loadManifest(await openRepository(store, key), manifestKey);
  return manifest.entries.flatMap((e) => (e.chunks ?? []).map((c) => chunkKey(c.id, c.gen)));
}

describe('retention and garbage collection', () => {
  let dir: string;
  let fs: FsObjectStore;
  const key = randomBytes(32);
  const shared = randomBytes(1_000_000); // content that an old, deleted recovery point and a new backup share
  const noMargin = { clockMarginMs: 0 };

  beforeEach(async () => {
    dir = await tempDir();
    fs = new FsObjectStore(join(dir, 'store'));
  });
  afterEach(async () => {
    await removeDir(dir);
  });

  async function volume(name: string, files: Record<string, Buffer>): Promise<string> {
    const path = join(dir, name);
    await rm(path, { recursive: true, force: true });
    await mkdir(path);
    for (const [file, data] of Object.entries(files)) await writeFile(join(path, file), data);
    return path;
  }

  /** Volume "a" had `shared` + `old-only` in its first recovery point, which retention then deleted. */
  async function orphanSharedChunks(): Promise<{ orphanOnly: string[]; orphanShared: string[] }> {
    const oldOnly = randomBytes(600_000);
    const first = await backup({ store: fs, key, volume: 'a', source: await volume('a1', { 'shared.bin': shared, 'old.bin': oldOnly }), chunker: SMALL_CHUNKS });
    await backup({ store: fs, key, volume: 'a', source: await volume('a2', { 'new.bin': randomBytes(100_000) }) });
    const orphaned = await chunkKeysOf(fs, key, first.manifestKey);
    const manifest = await loadManifest(await openRepository(fs, key), first.manifestKey);
    const sharedKeys = new Set((manifest.entries.find((e) => e.path === 'shared.bin')?.chunks ?? []).map((c) => chunkKey(c.id)));
    expect(await applyRetention({ store: fs, volume: 'a', retain: 1 })).toMatchObject({ deleted: [first.manifestKey] });
    return { orphanShared: [...sharedKeys], orphanOnly: orphaned.filter((k) => !sharedKeys.has(k)) };
  }

  it('retention keeps the newest recovery points; collection then deletes only unreferenced chunks', async () => {
    const { orphanOnly, orphanShared } = await orphanSharedChunks();
    const before = await keys(fs, 'chunks/');
    const gc = await collectGarbage({ store: fs, key, graceMs: 0, ...noMargin });
    expect(gc).toMatchObject({ chunksDeleted: orphanOnly.length + orphanShared.length, listsSwept: 1, listsDeferred: 0 });
    const after = await keys(fs, 'chunks/');
    expect(after.length).toBe(before.length - gc.chunksDeleted);
    expect(await keys(fs, 'gc/tombstones/')).toEqual([]);
    const [latest] = await keys(fs, 'manifests/a/');
    expect((await verifyRecoveryPoint({ store: fs, key, recoveryPoint: latest as string })).ok).toBe(true);
  });

  it('never deletes a chunk that a backup running concurrently found in the store and relies on', async () => {
    const { orphanOnly, orphanShared } = await orphanSharedChunks();
    // Backup of volume "b" (same content as the orphaned chunks), paused right before it looks up its first chunk.
    const gate = new Gate();
    const hooked = new HookedObjectStore(fs, { beforeHead: (k) => (parseChunkKey(k) ? gate.pass() : undefined) });
    const source = await volume('b', { 'copy-of-shared.bin': shared });
    const running = backup({ store: hooked, key, volume: 'b', source, chunker: SMALL_CHUNKS });
    await gate.reached;

    // While it runs, a collection marks the orphaned chunks but must not sweep them.
    const during = await collectGarbage({ store: fs, key, graceMs: 0, ...noMargin });
    expect(during).toMatchObject({ chunksMarked: orphanOnly.length + orphanShared.length, chunksDeleted: 0, listsDeferred: 1 });
    expect(during.deferredBy).toHaveLength(1);

    gate.release();
    const b = await running;
    expect(b.stats.chunksNew).toBe(0); // it found every chunk in the store: nothing uploaded
    expect(await chunkKeysOf(fs, key, b.manifestKey)).toEqual(expect.arrayContaining(orphanShared));

    // Once it has finished, the sweep runs: the chunks its manifest references stay, the rest go.
    const after = await collectGarbage({ store: fs, key, graceMs: 0, ...noMargin });
    expect(after).toMatchObject({ chunksDeleted: orphanOnly.length, listsSwept: 1 });
    const target = join(dir, 'restored-b');
    await restore({ store: fs, key, recoveryPoint: b.manifestKey, target });
    expectSameTree(await describeTree(target), await describeTree(source));
  });

  it('a backup that starts after chunks were marked stores them again under a new name, and the sweep keeps those', async () => {
    const { orphanOnly, orphanShared } = await orphanSharedChunks();
    await sleep(250);
    // graceMs 200: the orphans are old enough to mark, the new list is too young to sweep.
    const mark = await collectGarbage({ store: fs, key, graceMs: 200, ...noMargin });
    expect(mark).toMatchObject({ chunksMarked: orphanOnly.length + orphanShared.length, chunksDeleted: 0, listsDeferred: 1 });

    const source = await volume('b', { 'copy-of-shared.bin': shared });
    const b = await backup({ store: fs, key, volume: 'b', source, chunker: SMALL_CHUNKS });
    const referenced = await chunkKeysOf(fs, key, b.manifestKey);
    expect(referenced.every((k) => /\.g[0-9a-z]+$/.test(k))).toBe(true); // rescued names, not the marked ones
    expect(b.stats.chunksNew).toBe(orphanShared.length);

    await sleep(250);
    const sweep = await collectGarbage({ store: fs, key, graceMs: 200, ...noMargin });
    expect(sweep.chunksDeleted).toBe(orphanOnly.length + orphanShared.length);
    const target = join(dir, 'restored-b');
    await restore({ store: fs, key, recoveryPoint: b.manifestKey, target });
    expectSameTree(await describeTree(target), await describeTree(source));
  });

  it('keeps fresh chunks of an interrupted backup for the grace period', async () => {
    const hooked = new HookedObjectStore(fs);
    let puts = 0;
    hooked.hooks.beforePut = (k) => {
      if (parseChunkKey(k) && ++puts > 3) throw new Error('connection lost');
    };
    const source = await volume('c', { 'data.bin': randomBytes(800_000) });
    await expect(backup({ store: hooked, key, volume: 'c', source, chunker: SMALL_CHUNKS })).rejects.toThrow('connection lost');
    const uploaded = await keys(fs, 'chunks/');
    expect(uploaded.length).toBeGreaterThanOrEqual(3);
    expect(await collectGarbage({ store: fs, key, graceMs: 60_000, ...noMargin })).toMatchObject({ chunksMarked: 0, chunksDeleted: 0 });
    const resumed = await backup({ store: fs, key, volume: 'c', source, chunker: SMALL_CHUNKS });
    expect(resumed.stats.chunksReused).toBeGreaterThanOrEqual(uploaded.length);
  });

  it('stops when a manifest cannot be read, rather than guess its references', async () => {
    await backup({ store: fs, key, volume: 'd', source: await volume('d', { 'x.bin': randomBytes(10_000) }) });
    const [manifest] = await keys(fs, 'manifests/d/');
    await fs.put(manifest as string, randomBytes(100));
    await expect(collectGarbage({ store: fs, key, graceMs: 0, ...noMargin })).rejects.toMatchObject({ code: 'corrupt-object' });
    expect((await keys(fs, 'chunks/')).length).toBeGreaterThan(0);
  });
});
