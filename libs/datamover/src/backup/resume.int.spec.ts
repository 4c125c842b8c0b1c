import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdir, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { FsObjectStore } from '@tandem/objectstore';
import { readPackTrailer } from '../pack/pack-trailer.reader';
import { openRepository } from '../repository/repository';
import { describeTree, expectSameTree, removeDir, sleep, SMALL_CHUNKS, SMALL_PACKS, tempDir } from '../testing/volume.fixture';
import { restore } from '../restore/restore';
import { backup } from './backup';

const REPO_ROOT = join(__dirname, '..', '..', '..', '..');

/** Pack keys with the inode and size of their file: a pack written again would get a new inode (write + link). */
async function packFiles(store: FsObjectStore, root: string): Promise<Map<string, { ino: bigint; size: number }>> {
  const packs = new Map<string, { ino: bigint; size: number }>();
  for await (const o of store.list('packs/')) packs.set(o.key, { ino: (await stat(join(root, o.key), { bigint: true })).ino, size: o.size });
  return packs;
}

describe('a backup killed mid-way (SIGKILL) and run again', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await tempDir();
  });
  afterAll(async () => {
    await removeDir(dir);
  });

  it('resumes without uploading the packs that were already written (found by their trailers), and writes a complete recovery point', async () => {
    const key = randomBytes(32);
    const source = join(dir, 'source');
    await mkdir(source);
    for (let i = 0; i < 8; i++) await writeFile(join(source, `f${i}.bin`), randomBytes(2 * 1024 * 1024));
    const storeDir = join(dir, 'store');
    const store = new FsObjectStore(storeDir);

    const child = spawn(
      process.execPath,
      ['-r', join(REPO_ROOT, 'scripts/register.cjs'), join(__dirname, '../testing/backup.child.ts'), storeDir, source, key.toString('base64'), '15'],
      { cwd: REPO_ROOT, stdio: ['ignore', 'ignore', 'pipe'] },
    );
    let stderr = '';
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    const exited = new Promise<number | null>((r) => child.on('exit', (code) => r(code)));
    // 16 MiB of random data in 256 KiB packs: about 64 packs, each upload slowed down by 15 ms.
    for (let i = 0; i < 600 && (await packFiles(store, storeDir)).size < 8; i++) await sleep(50);
    child.kill('SIGKILL');
    expect(await exited).toBe(null); // killed, not finished
    expect(stderr).toBe('');

    const before = await packFiles(store, storeDir);
    expect(before.size).toBeGreaterThanOrEqual(8);
    expect(before.size).toBeLessThan(60); // killed mid-way
    const manifests: string[] = [];
    for await (const o of store.list('manifests/')) manifests.push(o.key);
    expect(manifests).toEqual([]); // no recovery point from the killed run
    const repo = await openRepository(store, key);
    let chunksInPacks = 0;
    for (const [k, { size }] of before) chunksInPacks += (await readPackTrailer(store, k, size, repo.keys.dataKey)).length;

    const resumed = await backup({ store, key, volume: 'killed', source, chunker: SMALL_CHUNKS, packSize: SMALL_PACKS });
    const after = await packFiles(store, storeDir);
    expect(resumed.stats.packsAdopted).toBe(before.size);
    expect(resumed.stats.chunksReused).toBe(chunksInPacks); // random data: no other chunk repeats
    expect(resumed.stats.packsNew).toBe(after.size - before.size);
    for (const [k, { ino }] of before) expect(after.get(k)?.ino).toBe(ino); // not one of them written again

    const target = join(dir, 'restored');
    await restore({ store, key, recoveryPoint: resumed.manifestKey, target });
    expectSameTree(await describeTree(target), await describeTree(source));
  });
});
