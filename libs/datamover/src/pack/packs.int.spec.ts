import { randomBytes } from 'node:crypto';
import { mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { FsObjectStore } from '@tandem/objectstore';
import { backup } from '../backup/backup';
import { chunkId } from '../crypto/chunk-id';
import { openObject, sealObject } from '../crypto/sealed-object.codec';
import { decodeSegment, encodeSegment, packRecords, recordAt } from '../chunk-index/index-segment.codec';
import { rebuildIndex } from '../chunk-index/rebuild-index';
import { initRepository, openRepository } from '../repository/repository';
import { restore } from '../restore/restore';
import { keysUnder } from '../testing/pack.fixture';
import { buildMixedVolume, describeTree, expectSameTree, removeDir, SMALL_CHUNKS, SMALL_PACKS, tempDir } from '../testing/volume.fixture';
import { verifyRecoveryPoint } from '../verify/verify-recovery-point';
import { readPackTrailer } from './pack-trailer.reader';
import { PackWriter, WrittenPack } from './pack.writer';

describe('pack files', () => {
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

  it('round trip: chunks go into packs of about the target size, a large one alone, and come back from ranges', async () => {
    const repo = await initRepository(store, key);
    const written: WrittenPack[] = [];
    const writer = new PackWriter(store, repo.keys.dataKey, { targetSize: 256 * 1024, concurrency: 2 }, (p) => void written.push(p));
    const chunks = [...Array.from({ length: 40 }, (_, i) => randomBytes(10_000 + i * 997)), randomBytes(600_000), randomBytes(5)];
    const ids = chunks.map((c) => chunkId(repo.keys.idKey, c));
    const sealed = await Promise.all(chunks.map((c, i) => sealObject(c, { key: repo.keys.dataKey, kind: 'C', context: ids[i] as string, compressionLevel: 3, minSavings: 0.05 })));
    const locations = await Promise.all(sealed.map((s, i) => writer.add(ids[i] as string, s.blob, (chunks[i] as Buffer).length)));
    await writer.finish();

    expect(written.length).toBeGreaterThanOrEqual(4);
    expect(await keysUnder(store, 'packs/')).toEqual(written.map((p) => p.key).sort());
    const alone = written.find((p) => p.entries.some((e) => e.id === ids[40]));
    expect(alone?.entries).toHaveLength(1); // larger than the target: a pack of its own
    for (const p of written) {
      expect(p.bytes).toBeLessThanOrEqual(Math.max(256 * 1024, 600_100) + 4096);
      // Each pack describes itself: its trailer lists exactly its chunks.
      expect(await readPackTrailer(store, p.key, p.bytes, repo.keys.dataKey)).toEqual(p.entries);
    }
    for (const [i, at] of locations.entries()) {
      const blob = await store.getRange(`packs/${at.pack.slice(0, 2)}/${at.pack}`, at.offset, at.length);
      expect(await openObject(blob, { key: repo.keys.dataKey, kind: 'C', context: ids[i] as string })).toEqual(chunks[i]);
    }

    // An index segment round-trips the same entries.
    const segment = await encodeSegment(written.map((p) => ({ id: p.id, records: packRecords(p.entries) })), repo.keys.dataKey, 'index/000000000abcdef');
    const decoded = await decodeSegment(segment, repo.keys.dataKey, 'index/000000000abcdef');
    expect(decoded.map((p) => [p.id, Array.from({ length: p.records.length / 44 }, (_, i) => recordAt(p.records, i))])).toEqual(
      written.map((p) => [p.id, p.entries]),
    );
    await expect(decodeSegment(segment, repo.keys.dataKey, 'index/000000000fedcba')).rejects.toThrow('the index segment cannot be opened: authentication failed');
  });

  it('a backup stores many chunks in few objects, and the index lists every pack', async () => {
    const source = join(dir, 'source');
    await mkdir(source);
    for (let i = 0; i < 300; i++) await writeFile(join(source, `f${i}.txt`), randomBytes(2000 + i));
    const result = await backup({ store, key, volume: 'v', source });
    expect(result.stats).toMatchObject({ files: 300, chunksNew: 300, packsNew: 1 });
    expect(await keysUnder(store, 'packs/')).toHaveLength(1);
    expect(await keysUnder(store, 'index/')).toHaveLength(1);
    expect(result.stats.bytesUploaded).toBeGreaterThan(result.stats.bytesNew);
  });

  it('rebuilds the index from the packs after losing it; restore and backups work without it meanwhile', async () => {
    const source = join(dir, 'source');
    await mkdir(source);
    await buildMixedVolume(source);
    const first = await backup({ store, key, volume: 'v', source, chunker: SMALL_CHUNKS, packSize: SMALL_PACKS });
    const packs = await keysUnder(store, 'packs/');
    expect(packs.length).toBeGreaterThan(3);
    for (const segment of await keysUnder(store, 'index/')) await store.delete(segment);

    // Without an index, readers find the chunks through the packs' trailers.
    const target = join(dir, 'restored');
    await restore({ store, key, recoveryPoint: first.manifestKey, target });
    expectSameTree(await describeTree(target), await describeTree(source));
    expect((await verifyRecoveryPoint({ store, key, recoveryPoint: first.manifestKey })).ok).toBe(true);

    // A backup adopts the unindexed packs (and indexes them): nothing is stored again.
    const second = await backup({ store, key, volume: 'v', source, parent: 'none' });
    expect(second.stats).toMatchObject({ chunksNew: 0, packsNew: 0, packsAdopted: packs.length });
    expect(await keysUnder(store, 'index/')).toHaveLength(1);

    // rebuildIndex writes the index down from the trailers; `full` replaces a damaged one.
    for (const segment of await keysUnder(store, 'index/')) await store.delete(segment);
    expect(await rebuildIndex({ store, key })).toMatchObject({ packsIndexed: packs.length, unreadable: [], segmentsWritten: 1 });
    expect(await rebuildIndex({ store, key })).toMatchObject({ packsIndexed: 0, segmentsWritten: 0 });
    const [segment] = await keysUnder(store, 'index/');
    await store.put(segment as string, randomBytes(300));
    await expect(backup({ store, key, volume: 'v', source })).rejects.toThrow(`${segment} is corrupted: the index segment cannot be opened`);
    expect(await rebuildIndex({ store, key, full: true })).toMatchObject({ packsIndexed: packs.length, segmentsReplaced: 1, segmentsWritten: 1 });
    const third = await backup({ store, key, volume: 'v', source, parent: 'none' });
    expect(third.stats).toMatchObject({ chunksNew: 0, packsAdopted: 0 });
    await rm(target, { recursive: true });
    await restore({ store, key, recoveryPoint: third.manifestKey, target });
    expectSameTree(await describeTree(target), await describeTree(source));
  });

  it('refuses a repository of format version 1 with a clear message', async () => {
    await initRepository(store, key);
    const path = join(dir, 'store', 'config');
    const config = JSON.parse(await readFile(path, 'utf8'));
    await writeFile(path, JSON.stringify({ ...config, version: 1 }));
    await expect(openRepository(store, key)).rejects.toMatchObject({
      code: 'unsupported-repository-format',
      message: `the repository in file://${join(dir, 'store')} has format version 1, and this build reads only version 2 (version 1 kept one object per chunk; version 2 keeps chunks in pack files); there is no migration: back up into a new, empty store (another directory, bucket or prefix)`,
    });
  });
});
