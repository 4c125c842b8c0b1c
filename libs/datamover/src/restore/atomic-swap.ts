import { execFile } from 'node:child_process';
import { lstat, open, readdir, rename, rm } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';

/** Where a restore builds the new tree: beside the target, in the same directory, so a rename can swap them. */
export function buildPathFor(target: string, recoveryPointId: string): string {
  return `${target}.tandem-restore-${recoveryPointId}`;
}

function oldPathFor(target: string, recoveryPointId: string): string {
  return `${target}.tandem-old-${recoveryPointId}`;
}

async function exists(path: string): Promise<boolean> {
  try {
    await lstat(path);
    return true;
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return false;
    throw err;
  }
}

/** fsync of a directory, so renames in it survive a crash. */
export async function syncDirectory(dir: string): Promise<void> {
  const fh = await open(dir, 'r');
  try {
    await fh.sync();
  } finally {
    await fh.close();
  }
}

/**
 * Flushes a whole filesystem to disk once (syncfs(2), through coreutils' `sync -f`): after a restore of many
 * files this is far cheaper than one fsync per file. Resolves false when `sync -f` is not available, and the
 * caller then fsyncs file by file.
 */
export function syncFilesystem(path: string): Promise<boolean> {
  return new Promise((resolve) => execFile('sync', ['-f', path], (err) => resolve(!err)));
}

/**
 * Puts the built tree in place of the target: rename target → `<target>.tandem-old-<id>`, rename build → target,
 * then remove the old tree. Node has no binding for renameat2(RENAME_EXCHANGE), which would swap both names in
 * one step; between the two renames the target name is briefly absent, and a crash there is repaired by
 * `recoverInterruptedSwap` (the old tree is renamed back). If the second rename fails, the first is undone.
 */
export async function swapIntoPlace(build: string, target: string, recoveryPointId: string): Promise<void> {
  const old = oldPathFor(target, recoveryPointId);
  if (await exists(target)) {
    await rename(target, old);
    try {
      await rename(build, target);
    } catch (err) {
      await rename(old, target);
      throw err;
    }
    await syncDirectory(dirname(target));
    await rm(old, { recursive: true, force: true }).catch(() => undefined);
  } else {
    await rename(build, target);
    await syncDirectory(dirname(target));
  }
}

/**
 * Repairs what an interrupted restore left beside the target: if the target is missing and an old tree is there
 * (killed between the two renames), the old tree goes back; leftover build and old trees are removed.
 * Returns the paths it removed or moved back.
 */
export async function recoverInterruptedSwap(target: string): Promise<string[]> {
  const dir = dirname(target);
  const base = basename(target);
  const names = await readdir(dir).catch(() => [] as string[]);
  const olds = names.filter((n) => n.startsWith(`${base}.tandem-old-`)).sort();
  const builds = names.filter((n) => n.startsWith(`${base}.tandem-restore-`));
  const done: string[] = [];
  if (!(await exists(target)) && olds.length > 0) {
    const newest = olds.pop() as string;
    await rename(join(dir, newest), target);
    done.push(join(dir, newest));
  }
  for (const name of [...olds, ...builds]) {
    await rm(join(dir, name), { recursive: true, force: true });
    done.push(join(dir, name));
  }
  return done;
}
