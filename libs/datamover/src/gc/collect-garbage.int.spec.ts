import { randomBytes } from 'node:crypto';
import { mkdir, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { FsObjectStore } from '@tandem/objectstore';
import { backup } from '../backup/backup';
import { BackupResult } from '../backup/backup.types';
import { restore } from '../restore/restore';
import { Gate, HookedObjectStore } from '../testing/hooked.object-store';
import { keysUnder, packsOf } from '../testing/pack.fixture';
import { describeTree, expectSameTree, removeDir, sleep, SMALL_CHUNKS, SMALL_PACKS, tempDir } from '../testing/volume.fixture';
import { verifyRecoveryPoint } from '../verify/verify-recovery-point';
import { applyRetention } from './apply-retention';
import { collectGarbage } from './collect-garbage';

/** Packs large enough that each test backup writes one. */
const ONE_PACK = 16 * 1024 * 1024;

describe('retention and garbage collection of packs', () => {
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

  async function expectRestores(result: BackupResult, source: string, name: string): Promise<void> {
    const target = join(dir, name);
    await restore({ store: fs, key, recoveryPoint: result.manifestKey, target });
    expectSameTree(await describeTree(target), await describeTree(source));
  }

  /**
   * Volume "a" had `shared.bin` and `old.bin` in its first recovery point, in one pack; retention deleted it, so
   * that pack is unused (the second recovery point has a pack of its own).
   */
  async function orphanPack(): Promise<{ orphan: string; kept: string[] }> {
    const first = await backup({ store: fs, key, volume: 'a', source: await volume('a1', { 'old.bin': randomBytes(600_000), 'shared.bin': shared }), chunker: SMALL_CHUNKS, packSize: ONE_PACK });
    const second = await backup({ store: fs, key, volume: 'a', source: await volume('a2', { 'new.bin': randomBytes(100_000) }), packSize: ONE_PACK });
    const [orphan] = await packsOf(fs, key, first.manifestKey);
    expect(await packsOf(fs, key, first.manifestKey)).toEqual([orphan]);
    expect(await applyRetention({ store: fs, volume: 'a', retain: 1 })).toMatchObject({ deleted: [first.manifestKey] });
    return { orphan: orphan as string, kept: await packsOf(fs, key, second.manifestKey) };
  }

  it('retention keeps the newest recovery points; collection then deletes the packs no recovery point needs', async () => {
    const { orphan, kept } = await orphanPack();
    const segmentsBefore = await keysUnder(fs, 'index/');
    const gc = await collectGarbage({ store: fs, key, graceMs: 0, ...noMargin });
    expect(gc).toMatchObject({ packsMarked: 1, packsDeleted: 1, listsSwept: 1, listsDeferred: 0, packsRepacked: 0 });
    expect(gc.chunksDeleted).toBeGreaterThan(20);
    expect(await keysUnder(fs, 'packs/')).toEqual(kept);
    expect(await keysUnder(fs, 'packs/')).not.toContain(orphan);
    expect(await keysUnder(fs, 'gc/tombstones/')).toEqual([]);
    // The index was rewritten without the deleted pack: one segment replaces the two backups' ones.
    expect(gc.segmentsReplaced).toBe(segmentsBefore.length);
    expect(await keysUnder(fs, 'index/')).toHaveLength(1);
    const [latest] = await keysUnder(fs, 'manifests/a/');
    expect((await verifyRecoveryPoint({ store: fs, key, recoveryPoint: latest as string })).ok).toBe(true);
    expect(await keysUnder(fs, 'gc/lock')).toEqual([]);
  });

  it('never deletes a pack whose chunks a backup running concurrently relies on; repacks it later', async () => {
    const { orphan } = await orphanPack();
    // Backup of volume "b" (same content as part of the orphaned pack), paused right before it writes its manifest:
    // it has found the shared chunks in the index and relies on the orphaned pack.
    const gate = new Gate();
    const hooked = new HookedObjectStore(fs, { beforePut: (k) => (k.startsWith('manifests/') ? gate.pass() : undefined) });
    const source = await volume('b', { 'copy-of-shared.bin': shared });
    const running = backup({ store: hooked, key, volume: 'b', source, chunker: SMALL_CHUNKS, packSize: ONE_PACK });
    await gate.reached;

    // While it runs, a collection marks the orphaned pack but must not sweep it.
    const during = await collectGarbage({ store: fs, key, graceMs: 0, ...noMargin });
    expect(during).toMatchObject({ packsMarked: 1, packsDeleted: 0, listsDeferred: 1 });
    expect(during.deferredBy).toHaveLength(1);

    gate.release();
    const b = await running;
    expect(b.stats.chunksNew).toBe(0); // every chunk was in the index: nothing stored
    expect(b.stats.packsNew).toBe(0);
    expect(await packsOf(fs, key, b.manifestKey)).toEqual([orphan]);

    // Once it has finished, the sweep keeps the pack: its manifest needs chunks that have no other copy.
    const after = await collectGarbage({ store: fs, key, graceMs: 0, ...noMargin, repackThreshold: 2 });
    expect(after).toMatchObject({ packsDeleted: 0, packsKept: 1, listsSwept: 1, packsPartlyUsed: 0 });
    expect(await keysUnder(fs, 'packs/')).toContain(orphan);
    await expectRestores(b, source, 'restored-b');

    // The pack is 37 % unused (old.bin): left alone at a 50 % threshold, repacked at 30 %.
    const left = await collectGarbage({ store: fs, key, graceMs: 0, ...noMargin });
    expect(left).toMatchObject({ packsMarked: 0, packsPartlyUsed: 1, packsRepacked: 0 });
    expect(left.bytesUnused).toBeGreaterThan(600_000);
    const repacked = await collectGarbage({ store: fs, key, graceMs: 0, ...noMargin, repackThreshold: 0.3 });
    expect(repacked).toMatchObject({ packsRepacked: 1, packsMarked: 1, packsDeleted: 1, packsKept: 0 });
    expect(repacked.bytesRepacked).toBeGreaterThan(1_000_000);
    expect(await keysUnder(fs, 'packs/')).not.toContain(orphan);
    expect((await verifyRecoveryPoint({ store: fs, key, recoveryPoint: b.manifestKey })).ok).toBe(true);
    await rm(join(dir, 'restored-b'), { recursive: true });
    await expectRestores(b, source, 'restored-b');
  });

  it('a backup that starts after a pack was marked stores its chunks again, in a new pack; the sweep deletes the old one', async () => {
    const { orphan } = await orphanPack();
    await sleep(250);
    // graceMs 200: the orphan is old enough to mark, the new list is too young to sweep.
    const mark = await collectGarbage({ store: fs, key, graceMs: 200, ...noMargin });
    expect(mark).toMatchObject({ packsMarked: 1, packsDeleted: 0, listsDeferred: 1 });

    const source = await volume('b', { 'copy-of-shared.bin': shared });
    const b = await backup({ store: fs, key, volume: 'b', source, chunker: SMALL_CHUNKS, packSize: ONE_PACK });
    expect(b.stats.chunksNew).toBeGreaterThan(5); // not one chunk taken from the marked pack
    expect(b.stats.chunksReused).toBe(0);
    expect(b.stats.packsNew).toBe(1);

    await sleep(250);
    const sweep = await collectGarbage({ store: fs, key, graceMs: 200, ...noMargin });
    expect(sweep).toMatchObject({ packsDeleted: 1, packsKept: 0 });
    expect(await keysUnder(fs, 'packs/')).not.toContain(orphan);
    expect(await packsOf(fs, key, b.manifestKey)).not.toContain(orphan);
    await expectRestores(b, source, 'restored-b');
  });

  it('keeps the fresh packs of an interrupted backup for the grace period, and the next run reuses them', async () => {
    const hooked = new HookedObjectStore(fs);
    let puts = 0;
    hooked.hooks.beforePut = (k) => {
      if (k.startsWith('packs/') && ++puts > 3) throw new Error('connection lost');
    };
    const source = await volume('c', { 'data.bin': randomBytes(2_000_000) });
    await expect(backup({ store: hooked, key, volume: 'c', source, chunker: SMALL_CHUNKS, packSize: SMALL_PACKS })).rejects.toThrow('connection lost');
    const written = await keysUnder(fs, 'packs/');
    expect(written).toHaveLength(3);
    expect(await keysUnder(fs, 'index/')).toEqual([]); // killed before it indexed them
    expect(await collectGarbage({ store: fs, key, graceMs: 60_000, ...noMargin })).toMatchObject({ packsMarked: 0, packsDeleted: 0, packsIndexed: 0 });
    const resumed = await backup({ store: fs, key, volume: 'c', source, chunker: SMALL_CHUNKS, packSize: SMALL_PACKS });
    expect(resumed.stats.packsAdopted).toBe(3);
    expect(resumed.stats.chunksReused).toBeGreaterThan(3);
    expect(await keysUnder(fs, 'packs/')).toEqual(expect.arrayContaining(written));
    await expectRestores(resumed, source, 'restored-c');
  });

  it('stops when a manifest cannot be read, rather than guess its references', async () => {
    await backup({ store: fs, key, volume: 'd', source: await volume('d', { 'x.bin': randomBytes(10_000) }) });
    const [manifest] = await keysUnder(fs, 'manifests/d/');
    await fs.put(manifest as string, randomBytes(100));
    await expect(collectGarbage({ store: fs, key, graceMs: 0, ...noMargin })).rejects.toMatchObject({ code: 'corrupt-object' });
    expect((await keysUnder(fs, 'packs/')).length).toBeGreaterThan(0);
    expect(await keysUnder(fs, 'gc/lock')).toEqual([]);
  });

  it('runs one collection at a time', async () => {
    await backup({ store: fs, key, volume: 'e', source: await volume('e', { 'x.bin': randomBytes(10_000) }) });
    await fs.put('gc/lock', Buffer.from(JSON.stringify({ kind: 'gc', host: 'other-host', pid: 42 })));
    await expect(collectGarbage({ store: fs, key, graceMs: 0 })).rejects.toMatchObject({
      code: 'gc-running',
      message: expect.stringContaining('another garbage collection is running') as unknown as string,
    });
  });
});
