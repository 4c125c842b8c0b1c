import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdir, readdir, readFile, truncate, unlink, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { FsObjectStore } from '@tandem/objectstore';
import { backup } from '../backup/backup';
import { BackupResult } from '../backup/backup.types';
import { encodeManifest } from '../manifest/manifest.codec';
import { Manifest, ManifestEntry } from '../manifest/manifest.model';
import { loadManifest } from '../manifest/recovery-points';
import { openRepository } from '../repository/repository';
import { manifestKey } from '../repository/repository-layout';
import { locateChunk } from '../testing/pack.fixture';
import { describeTree, removeDir, SMALL_CHUNKS, tempDir } from '../testing/volume.fixture';
import { verifyRecoveryPoint } from '../verify/verify-recovery-point';
import { restore } from './restore';

describe('restore refuses bad input and leaves the target as it was', () => {
  let dir: string;
  let store: FsObjectStore;
  let target: string;
  let result: BackupResult;
  let targetBefore: Awaited<ReturnType<typeof describeTree>>;
  const key = randomBytes(32);

  beforeEach(async () => {
    dir = await tempDir();
    store = new FsObjectStore(join(dir, 'store'));
    const source = join(dir, 'source');
    await mkdir(join(source, 'sub'), { recursive: true });
    await writeFile(join(source, 'sub/first.bin'), randomBytes(300_000));
    await writeFile(join(source, 'second.bin'), randomBytes(200_000));
    result = await backup({ store, key, volume: 'vol', source, chunker: SMALL_CHUNKS });
    // The target holds something else (the app's current data), which a failed restore must not touch.
    target = join(dir, 'target');
    await mkdir(target);
    await writeFile(join(target, 'current.txt'), 'the data the application has now');
    targetBefore = await describeTree(target);
  });
  afterEach(async () => {
    await removeDir(dir);
  });

  async function expectUntouched(): Promise<void> {
    expect(await describeTree(target)).toEqual(targetBefore);
    expect((await readdir(dir)).sort()).toEqual(['source', 'store', 'target']); // no partial build left beside it
  }

  async function firstChunkOf(path: string): Promise<string> {
    const manifest = await loadManifest(await openRepository(store, key), result.manifestKey);
    const entry = manifest.entries.find((e) => e.path === path) as ManifestEntry;
    return (entry.chunks ?? [])[0]?.id as string;
  }

  it('a corrupted byte inside a pack: the error names the file and the chunk', async () => {
    const id = await firstChunkOf('sub/first.bin');
    const at = await locateChunk(store, key, id);
    const file = join(dir, 'store', at.key);
    const bytes = await readFile(file);
    bytes[at.offset + (at.length >> 1)] ^= 0xff;
    await writeFile(file, bytes);
    const run = restore({ store, key, recoveryPoint: result.manifestKey, target });
    await expect(run).rejects.toThrow(`file sub/first.bin: chunk ${id} is corrupted (it does not decrypt to its hash): in pack ${at.key} at offset ${at.offset}`);
    await expectUntouched();
    const verified = await verifyRecoveryPoint({ store, key, recoveryPoint: result.manifestKey });
    expect(verified.ok).toBe(false);
    expect(verified.bad).toEqual([expect.objectContaining({ chunkId: id, problem: 'corrupt', files: ['sub/first.bin'] })]);
  });

  it('a missing pack: the error names a file and a chunk', async () => {
    const id = await firstChunkOf('second.bin');
    const at = await locateChunk(store, key, id);
    await unlink(join(dir, 'store', at.key));
    await expect(restore({ store, key, recoveryPoint: result.manifestKey, target })).rejects.toThrow(
      new RegExp(`^file (second|sub/first)\\.bin: chunk [0-9a-f]{64} is missing from the store: its pack ${at.key} is missing from the store$`),
    );
    await expectUntouched();
    const verified = await verifyRecoveryPoint({ store, key, recoveryPoint: result.manifestKey, sample: 0.5 });
    expect(verified.chunksChecked).toBeLessThan(verified.chunksTotal);
  });

  it('a truncated manifest', async () => {
    const file = join(dir, 'store', result.manifestKey);
    await truncate(file, 40);
    await expect(restore({ store, key, recoveryPoint: result.manifestKey, target })).rejects.toThrow(
      `${result.manifestKey} is corrupted: the manifest cannot be opened: authentication failed`,
    );
    await expectUntouched();
  });

  it('a garbage manifest', async () => {
    await writeFile(join(dir, 'store', result.manifestKey), randomBytes(5000));
    const err = (await restore({ store, key, recoveryPoint: result.manifestKey, target }).catch((e: unknown) => e)) as Error & { code: string };
    expect(err.code).toBe('corrupt-object');
    expect(err.message).toContain('does not start with the TDM1 envelope magic');
    await expectUntouched();
  });

  it('a wrong master key', async () => {
    await expect(restore({ store, key: randomBytes(32), recoveryPoint: result.manifestKey, target })).rejects.toThrow(
      /^the master key does not open this repository \(key id [0-9a-f]{16}; the key given has id [0-9a-f]{16}\)$/,
    );
    await expectUntouched();
  });

  it.each([
    ['an absolute path', (m: Manifest) => [...m.entries, { ...m.entries[2], path: '/tmp/evil' }], 'the path is absolute'],
    ['a path with ..', (m: Manifest) => [...m.entries, { ...m.entries[2], path: 'sub/../../evil' }], 'contains ".."'],
    ['a symlink out of the volume', (m: Manifest) => [...m.entries, symlinkEntry('escape', '../../etc')], 'points outside the volume'],
    ['an absolute symlink', (m: Manifest) => [...m.entries, symlinkEntry('abs', '/etc/shadow')], 'outside the volume'],
  ])('a manifest with %s', async (_name, edit, message) => {
    const repo = await openRepository(store, key);
    const manifest = await loadManifest(repo, result.manifestKey);
    const evil: Manifest = { ...manifest, recoveryPointId: '20990101T000000000Z-00000001', entries: edit(manifest) as ManifestEntry[] };
    const evilKey = manifestKey('vol', evil.recoveryPointId);
    await store.put(evilKey, await encodeManifest(evil, repo.keys.dataKey, evilKey));
    const err = (await restore({ store, key, recoveryPoint: evilKey, target }).catch((e: unknown) => e)) as Error & { code: string };
    expect(err.code).toBe('unsafe-path');
    expect(err.message).toContain(message);
    await expectUntouched();
  });

  it('a full disk (ENOSPC, on a 2 MiB tmpfs)', async () => {
    const mnt = join(dir, 'tmpfs');
    await mkdir(mnt);
    try {
      execFileSync('mount', ['-t', 'tmpfs', '-o', 'size=2m', 'tmpfs', mnt], { stdio: 'ignore' });
    } catch {
      console.warn('cannot mount a tmpfs here (not root?): the ENOSPC test is skipped');
      return;
    }
    try {
      const small = join(mnt, 'target');
      await mkdir(small);
      await writeFile(join(small, 'current.txt'), randomBytes(1_000_000));
      const smallBefore = await describeTree(small);
      const big = join(dir, 'big');
      await mkdir(big);
      await writeFile(join(big, 'big.bin'), randomBytes(3_000_000));
      const bigResult = await backup({ store, key, volume: 'big', source: big });
      const err = (await restore({ store, key, recoveryPoint: bigResult.manifestKey, target: small }).catch((e: unknown) => e)) as Error & { code: string };
      expect(err.code).toBe('no-space');
      expect(err.message).toContain(`and ${small} was left as it was: ENOSPC: no space left on device`);
      expect(await describeTree(small)).toEqual(smallBefore);
      expect(await readdir(mnt)).toEqual(['target']);
    } finally {
      execFileSync('umount', [mnt]);
    }
  });
});

function symlinkEntry(path: string, target: string): ManifestEntry {
  return { path, type: 'symlink', mode: 0o777, uid: 0, gid: 0, size: target.length, mtimeNs: '0', target };
}
