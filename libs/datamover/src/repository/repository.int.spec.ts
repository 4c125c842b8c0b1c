import { randomBytes } from 'node:crypto';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { FsObjectStore } from '@tandem/objectstore';
import { backup } from '../backup/backup';
import { masterKeyId } from '../crypto/master-key';
import { restore } from '../restore/restore';
import { describeTree, expectSameTree, removeDir, tempDir } from '../testing/volume.fixture';
import { initRepository, openRepository, rotateMasterKey } from './repository';

describe('repository keys', () => {
  let dir: string;
  let store: FsObjectStore;
  beforeEach(async () => {
    dir = await tempDir();
    store = new FsObjectStore(join(dir, 'store'));
  });
  afterEach(async () => {
    await removeDir(dir);
  });

  it('a wrong master key gives a clear error naming the key ids', async () => {
    const right = randomBytes(32);
    const wrong = randomBytes(32);
    await initRepository(store, right);
    await expect(openRepository(store, wrong)).rejects.toThrow(
      `the master key does not open this repository (key id ${masterKeyId(right)}; the key given has id ${masterKeyId(wrong)})`,
    );
    await expect(openRepository(new FsObjectStore(join(dir, 'empty')), right)).rejects.toMatchObject({ code: 'repository-not-found' });
  });

  it('rotating the master key re-wraps the data key: data stays readable with the new key only', async () => {
    const oldKey = randomBytes(32);
    const newKey = randomBytes(32);
    const source = join(dir, 'source');
    await mkdir(source);
    await writeFile(join(source, 'a.bin'), randomBytes(500_000));
    const first = await backup({ store, key: oldKey, volume: 'v', source });

    const rotated = await rotateMasterKey(store, oldKey, newKey);
    expect(rotated).toEqual({ previousKeyId: masterKeyId(oldKey), keyId: masterKeyId(newKey) });
    const config = JSON.parse(await readFile(join(dir, 'store', 'config'), 'utf8'));
    expect(config.keys.keyId).toBe(masterKeyId(newKey));
    expect(config.retiredKeys).toEqual([{ keyId: masterKeyId(oldKey), retiredAt: expect.any(String) }]);

    const target = join(dir, 'restored');
    await restore({ store, key: newKey, recoveryPoint: first.manifestKey, target });
    expectSameTree(await describeTree(target), await describeTree(source));
    await expect(openRepository(store, oldKey)).rejects.toThrow(/does not open this repository .*retired on .* by a key rotation/);
    await expect(rotateMasterKey(store, oldKey, randomBytes(32))).rejects.toMatchObject({ code: 'wrong-master-key' });

    // Same data key: a backup under the new master key deduplicates against the old chunks.
    const second = await backup({ store, key: newKey, volume: 'v', source, parent: 'none' });
    expect(second.stats.chunksNew).toBe(0);
  });

  it('detects an altered config', async () => {
    const key = randomBytes(32);
    await initRepository(store, key);
    const path = join(dir, 'store', 'config');
    const config = JSON.parse(await readFile(path, 'utf8'));
    config.chunker.maxSize *= 2;
    await writeFile(path, JSON.stringify(config));
    await expect(openRepository(store, key)).rejects.toThrow('config is corrupted: its authentication code does not match');
  });
});
