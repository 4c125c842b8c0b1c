import { randomBytes } from 'node:crypto';
import type { BigIntStats } from 'node:fs';
import { chmod, copyFile, lstat, lutimes, mkdir, readdir, readlink, rename, rm, symlink, utimes } from 'node:fs/promises';
import { join } from 'node:path';

/** What a mirror run did, for logs and tests. */
export interface MirrorStats {
  /** Regular files written (new or changed). */
  copied: number;
  /** Regular files left as they were (same size and mtime). */
  unchanged: number;
  /** Entries removed from the mirror because the volume no longer has them. */
  removed: number;
}

/**
 * Node sets times through a double of seconds, which keeps about a quarter of a microsecond: a mirrored mtime is
 * the original's to within this, and a file is unchanged when its size is equal and its mtime this close.
 */
const MTIME_TOLERANCE_NS = 1_000n;

/**
 * Makes `target` a copy of the tree at `source`, changing only what differs: a regular file whose size and mtime
 * are unchanged is left alone (same inode and ctime); a new or changed one is written to a temporary name and
 * renamed in, with its mode and mtime; entries the source no longer has are removed; directories (mode, mtime)
 * and symbolic links (as links, never followed) are mirrored. Sockets, FIFOs and devices are skipped.
 */
export async function mirrorTree(source: string, target: string): Promise<MirrorStats> {
  const stats: MirrorStats = { copied: 0, unchanged: 0, removed: 0 };
  const root = await lstat(source, { bigint: true });
  if (!root.isDirectory()) throw new Error(`${source} is not a directory`);
  const existing = await lstatOrUndefined(target);
  if (existing && !existing.isDirectory()) {
    await rm(target, { recursive: true, force: true });
    stats.removed++;
  }
  await mkdir(target, { recursive: true, mode: 0o700 });
  await mirrorDirectory(source, target, stats);
  await copyMeta(root, target);
  return stats;
}

async function mirrorDirectory(source: string, target: string, stats: MirrorStats): Promise<void> {
  const entries = await readdir(source);
  const wanted = new Set(entries);
  for (const name of await readdir(target)) {
    if (wanted.has(name)) continue;
    await rm(join(target, name), { recursive: true, force: true });
    stats.removed++;
  }
  for (const name of entries) {
    const from = join(source, name);
    const to = join(target, name);
    const s = await lstatOrUndefined(from);
    if (!s) continue; // gone while we looked
    const t = await lstatOrUndefined(to);
    if (s.isDirectory()) {
      if (t && !t.isDirectory()) await replaced(to, stats);
      if (!t || !t.isDirectory()) await mkdir(to, { mode: 0o700 });
      await mirrorDirectory(from, to, stats);
      await copyMeta(s, to);
    } else if (s.isSymbolicLink()) {
      await mirrorLink(from, to, s, t);
    } else if (s.isFile()) {
      if (t?.isFile() && t.size === s.size && abs(t.mtimeNs - s.mtimeNs) < MTIME_TOLERANCE_NS) {
        if ((t.mode & 0o7777n) !== (s.mode & 0o7777n)) await chmod(to, Number(s.mode & 0o7777n));
        stats.unchanged++;
        continue;
      }
      if (t && !t.isFile()) await replaced(to, stats);
      if (await copyIn(from, to, s)) stats.copied++;
    } else if (t) {
      await replaced(to, stats); // a socket, FIFO or device: not data a volume snapshot carries
    }
  }
}

/** A link is copied as a link (its target text), never followed: a link out of the volume stays a link. */
async function mirrorLink(from: string, to: string, s: BigIntStats, t: BigIntStats | undefined): Promise<void> {
  let linkTarget: string;
  try {
    linkTarget = await readlink(from);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return;
    throw error;
  }
  if (t?.isSymbolicLink() && (await readlink(to)) === linkTarget && abs(t.mtimeNs - s.mtimeNs) < MTIME_TOLERANCE_NS) return;
  if (t?.isDirectory()) await rm(to, { recursive: true, force: true });
  const temp = tempName(to);
  await symlink(linkTarget, temp);
  await lutimes(temp, seconds(s.atimeNs), seconds(s.mtimeNs));
  await rename(temp, to);
}

/** Writes the file beside its place and renames it in; false when it vanished from the volume meanwhile. */
async function copyIn(from: string, to: string, s: BigIntStats): Promise<boolean> {
  const temp = tempName(to);
  try {
    await copyFile(from, temp);
    await chmod(temp, Number(s.mode & 0o7777n));
    await utimes(temp, seconds(s.atimeNs), seconds(s.mtimeNs));
    await rename(temp, to);
    return true;
  } catch (error) {
    await rm(temp, { force: true });
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return false;
    throw error;
  }
}

async function copyMeta(s: BigIntStats, path: string): Promise<void> {
  await chmod(path, Number(s.mode & 0o7777n));
  await utimes(path, seconds(s.atimeNs), seconds(s.mtimeNs));
}

async function replaced(path: string, stats: MirrorStats): Promise<void> {
  await rm(path, { recursive: true, force: true });
  stats.removed++;
}

async function lstatOrUndefined(path: string): Promise<BigIntStats | undefined> {
  try {
    return await lstat(path, { bigint: true });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
}

function tempName(path: string): string {
  return `${path}.tandem-mirror-${randomBytes(6).toString('hex')}.tmp`;
}

function seconds(ns: bigint): number {
  return Number(ns) / 1e9;
}

function abs(n: bigint): bigint {
  return n < 0n ? -n : n;
}
