import type { BigIntStats } from 'node:fs';
import { lstat, readdir, readlink } from 'node:fs/promises';
import { join } from 'node:path';
import { EntryType } from '../manifest/manifest.model';

/** What the walk learned about one node, without keeping Node's Stats objects (100k of them add up). */
export interface WalkedEntry {
  readonly path: string;
  readonly type: EntryType;
  readonly mode: number;
  readonly uid: number;
  readonly gid: number;
  readonly size: number;
  readonly mtimeNs: bigint;
  readonly ctimeNs: bigint;
  readonly ino: bigint;
  readonly target?: string;
}

export interface VolumeWalk {
  readonly entries: WalkedEntry[];
  /** Sockets, FIFOs and devices: not part of a volume's data, listed so the caller can report them. */
  readonly skipped: string[];
}

const STAT_BATCH = 64;

/**
 * Lists a volume (a directory) depth-first with names sorted, parents before children, never following
 * symlinks. The root is the entry `.`. The walk is the "point in time" of the backup: the caller reads it from a
 * snapshot (CSI snapshot or clone, or a quiesced directory in the lab).
 */
export async function walkVolume(root: string): Promise<VolumeWalk> {
  const rootStat = await lstat(root, { bigint: true });
  if (!rootStat.isDirectory()) throw new Error(`the volume ${root} is not a directory`);
  const entries: WalkedEntry[] = [toEntry('.', rootStat) as WalkedEntry];
  const skipped: string[] = [];
  const visit = async (dir: string): Promise<void> => {
    const names = (await readdir(dir === '.' ? root : join(root, dir))).sort();
    const children: WalkedEntry[] = [];
    for (let i = 0; i < names.length; i += STAT_BATCH) {
      const batch = names.slice(i, i + STAT_BATCH);
      const stats = await Promise.all(batch.map((name) => lstat(join(root, dir, name), { bigint: true })));
      for (let j = 0; j < batch.length; j++) {
        const path = dir === '.' ? (batch[j] as string) : `${dir}/${batch[j]}`;
        const entry = toEntry(path, stats[j] as BigIntStats);
        if (entry) children.push(entry);
        else skipped.push(path);
      }
    }
    for (const child of children) {
      if (child.type === 'symlink') {
        entries.push({ ...child, target: await readlink(join(root, child.path)) });
      } else {
        entries.push(child);
        if (child.type === 'dir') await visit(child.path);
      }
    }
  };
  await visit('.');
  return { entries, skipped };
}

function toEntry(path: string, st: BigIntStats): WalkedEntry | undefined {
  const type: EntryType | undefined = st.isDirectory() ? 'dir' : st.isFile() ? 'file' : st.isSymbolicLink() ? 'symlink' : undefined;
  if (!type) return undefined;
  return {
    path,
    type,
    mode: Number(st.mode & 0o7777n),
    uid: Number(st.uid),
    gid: Number(st.gid),
    size: type === 'dir' ? 0 : Number(st.size),
    mtimeNs: st.mtimeNs,
    ctimeNs: st.ctimeNs,
    ino: st.ino,
  };
}
