import { mkdir, readdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { removeDir, tempDir } from '../testing/volume.fixture';
import { recoverInterruptedSwap, swapIntoPlace } from './atomic-swap';

describe('atomic swap of a restored tree', () => {
  let dir: string;
  beforeEach(async () => {
    dir = await tempDir();
  });
  afterEach(async () => {
    await removeDir(dir);
  });

  async function tree(path: string, content: string): Promise<void> {
    await mkdir(path, { recursive: true });
    await writeFile(join(path, 'file'), content);
  }

  it('replaces the target and removes the old tree', async () => {
    await tree(join(dir, 'vol'), 'old');
    await tree(join(dir, 'vol.tandem-restore-1'), 'new');
    await swapIntoPlace(join(dir, 'vol.tandem-restore-1'), join(dir, 'vol'), '1');
    expect(await readFile(join(dir, 'vol/file'), 'utf8')).toBe('new');
    expect(await readdir(dir)).toEqual(['vol']);
  });

  it('puts the old tree back after a crash between the two renames, and removes leftovers', async () => {
    await tree(join(dir, 'vol.tandem-old-1'), 'old'); // the target was renamed away, then the process died
    await tree(join(dir, 'vol.tandem-restore-1'), 'half-built');
    await tree(join(dir, 'other.tandem-old-1'), 'not ours');
    await recoverInterruptedSwap(join(dir, 'vol'));
    expect(await readFile(join(dir, 'vol/file'), 'utf8')).toBe('old');
    expect((await readdir(dir)).sort()).toEqual(['other.tandem-old-1', 'vol']);
  });

  it('after a crash past the second rename, keeps the new target and removes the old tree', async () => {
    await tree(join(dir, 'vol'), 'new');
    await tree(join(dir, 'vol.tandem-old-1'), 'old');
    await recoverInterruptedSwap(join(dir, 'vol'));
    expect(await readFile(join(dir, 'vol/file'), 'utf8')).toBe('new');
    expect(await readdir(dir)).toEqual(['vol']);
  });
});
