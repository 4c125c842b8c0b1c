import { lstat, readdir } from 'node:fs/promises';
import { join } from 'node:path';
import type { Measured } from './measured-process';

// What the datamover bench asks of each tool it compares: a backup (or copy) of the dataset that reuses what an
// earlier one stored, a restore into an empty directory, and the bytes it keeps.

export type BackupPhase = 'full' | 'incremental' | 'noop';

export interface PhaseResult {
  measured: Measured;
  /** Bytes written to the repository or target by this run (see each tool for how it is counted). */
  uploaded_bytes?: number;
  /** The same, by the repository's top-level folder (e.g. chunks/ and manifests/, or data/ and index/). */
  uploaded_by_folder?: Record<string, number>;
  /** What the tool itself reports about the run. */
  reported?: Record<string, unknown>;
}

export interface DataMoverTool {
  readonly name: string;
  /** Version of the program or library. */
  readonly version: string;
  /** What it does with the data, so readers can tell which comparisons are like for like. */
  readonly does: string;
  /** Creates the repository or target; not part of any timing. May return notes for the report. */
  prepare(): Promise<Record<string, unknown> | void>;
  backup(phase: BackupPhase): Promise<PhaseResult>;
  /** Restores the latest backup into `target`, which does not exist yet (its parent does). */
  restore(target: string): Promise<PhaseResult>;
  /** Bytes (file sizes) and files the repository or target holds, after the last backup. */
  stored(): Promise<{ bytes: number; files: number }>;
}

export interface DirListing {
  files: Map<string, { size: number; mtimeMs: number; ino: number }>;
}

/** Every regular file under `root` with its size, mtime and inode. */
export async function listFiles(root: string): Promise<DirListing> {
  const files: DirListing['files'] = new Map();
  const walk = async (dir: string) => {
    for (const d of await readdir(dir, { withFileTypes: true })) {
      const full = join(dir, d.name);
      if (d.isDirectory()) await walk(full);
      else if (d.isFile()) {
        const s = await lstat(full);
        files.set(full, { size: s.size, mtimeMs: s.mtimeMs, ino: s.ino });
      }
    }
  };
  await walk(root);
  return { files };
}

/** Bytes in files that are new or rewritten in `after` compared with `before`: what a run wrote. */
export function writtenBetween(before: DirListing, after: DirListing): number {
  let n = 0;
  for (const [path, f] of after.files) {
    const was = before.files.get(path);
    if (!was || was.size !== f.size || was.mtimeMs !== f.mtimeMs || was.ino !== f.ino) n += f.size;
  }
  return n;
}

/** `writtenBetween`, by the first folder under `root` ("." for files directly in it). */
export function writtenByFolder(before: DirListing, after: DirListing, root: string): Record<string, number> {
  const out: Record<string, number> = {};
  for (const [path, f] of after.files) {
    const was = before.files.get(path);
    if (was && was.size === f.size && was.mtimeMs === f.mtimeMs && was.ino === f.ino) continue;
    const rel = path.slice(root.length + 1);
    const folder = rel.includes('/') ? rel.slice(0, rel.indexOf('/')) : '.';
    out[folder] = (out[folder] ?? 0) + f.size;
  }
  return out;
}

/** What a run wrote into `root`, given the listing from before it. */
export async function writesSince(before: DirListing, root: string): Promise<Pick<PhaseResult, 'uploaded_bytes' | 'uploaded_by_folder'>> {
  const after = await listFiles(root);
  return { uploaded_bytes: writtenBetween(before, after), uploaded_by_folder: writtenByFolder(before, after, root) };
}

export async function storedIn(root: string): Promise<{ bytes: number; files: number }> {
  const { files } = await listFiles(root);
  let bytes = 0;
  for (const f of files.values()) bytes += f.size;
  return { bytes, files: files.size };
}
