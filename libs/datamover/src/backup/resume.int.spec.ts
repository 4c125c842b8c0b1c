import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdir, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { FsObjectStore } from '@tandem/objectstore';
import { describeTree, expectSameTree, removeDir, sleep, SMALL_CHUNKS, tempDir } from '../testing/volume.fixture';
import { restore } from '../restore/restore';
import { backup } from './backup';

const REPO_ROOT = join(__dirname, '..', '..', '..', '..');

/** Chunk keys with the inode of their file: a chunk written again would get a new inode (write + rename). */
async function chunkFiles(store: FsObjectStore, root: string): Promise<Map<string, bigint>> {
  const inodes = new Map<string, bigint>();
  for await (const o of store.list('chunks/')) inodes.set(o.key, (await stat(join(root, o.key), { bigint: true })).ino);
  return inodes;
}

describe('a backup killed mid-way (SIGKILL) and run again', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await tempDir();
  });
  afterAll(async () => {
    await removeDir(dir);
  });

  it('resumes without uploading the chunks that were already uploaded, and writes a complete recovery point', async () => {
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
    for (let i = 0; i < 600 && (await chunkFiles(store, storeDir)).size < 60; i++) await sleep(50);
    child.kill('SIGKILL');
    expect(await exited).toBe(null); // killed, not finished
    expect(stderr).toBe('');

    const before = await chunkFiles(store, storeDir);
    expect(before.size).toBeGreaterThanOrEqual(60);
    const manifests: string[] = [];
    for await (const o of store.list('manifests/')) manifests.push(o.key);
    expect(manifests).toEqual([]); // no recovery point from the killed run

    const resumed = await backup({ store, key, volume: 'killed', source, chunker: SMALL_CHUNKS });
    const after = await chunkFiles(store, storeDir);
    expect(resumed.stats.chunksNew).toBe(after.size - before.size);
    expect(resumed.stats.chunksReused).toBeGreaterThanOrEqual(before.size);
    for (const [k, ino] of before) expect(after.get(k)).toBe(ino); // not one of them written again

    const target = join(dir, 'restored');
    await restore({ store, key, recoveryPoint: resumed.manifestKey, target });
    expectSameTree(await describeTree(target), await describeTree(source));
  });
});
