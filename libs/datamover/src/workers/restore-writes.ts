import { closeSync, constants, fchmodSync, fchownSync, ftruncateSync, futimesSync, openSync, writeSync } from 'node:fs';
import { openChunk } from './chunk-opening';
import type { BatchItem, FileFinish, FileWrites } from './worker-protocol';

const WRITE = constants.O_WRONLY | constants.O_CREAT | constants.O_NOFOLLOW;

/**
 * The worker's part of a restore: opens the chunks of one read of a pack, checks each, and writes the sound ones
 * straight into the files of the tree being built, with synchronous calls (this thread has nothing else to do
 * meanwhile, and a call costs microseconds instead of a round trip through libuv's thread pool). Files are opened
 * once per read, created if needed (the build directory is new and private; never through a symlink), sized
 * when asked, and given their metadata when this read completes them. Answers per chunk null or its problem; a
 * bad chunk is not written (it is tried in another copy, or the restore fails), and its file gets no metadata.
 */
export async function restoreBatch(
  blob: Uint8Array,
  items: readonly BatchItem[],
  files: readonly FileWrites[],
  keys: { dataKey: Buffer; idKey: Buffer },
): Promise<(string | null)[]> {
  const plain = new Map<number, Buffer>();
  const problems: (string | null)[] = [];
  for (const [i, item] of items.entries()) {
    const opened = await openChunk(blob, item, keys);
    if (typeof opened === 'string') problems.push(opened);
    else {
      plain.set(i, opened);
      problems.push(null);
    }
  }
  for (const file of files) {
    const fd = openSync(file.path, WRITE, 0o600);
    try {
      if (file.size !== undefined) ftruncateSync(fd, file.size);
      let all = true;
      for (const [item, offset] of file.writes) {
        const data = plain.get(item);
        if (data) writeAll(fd, data, offset);
        else all = false;
      }
      if (file.finish && all) finishOpen(fd, file.finish);
    } finally {
      closeSync(fd);
    }
  }
  return problems;
}

/** Gives files their owner, mode and mtime once their last chunk is written (by this or another read). */
export function finishFiles(files: readonly FileFinish[]): void {
  for (const f of files) {
    const fd = openSync(f.path, constants.O_RDONLY | constants.O_NOFOLLOW);
    try {
      finishOpen(fd, f);
    } finally {
      closeSync(fd);
    }
  }
}

/** Owner, then mode (chown clears set-id bits), then mtime. */
function finishOpen(fd: number, f: FileFinish): void {
  if (f.chown) fchownSync(fd, f.uid, f.gid);
  fchmodSync(fd, f.mode);
  futimesSync(fd, f.mtime, f.mtime);
}

function writeAll(fd: number, data: Buffer, offset: number): void {
  for (let done = 0; done < data.length; ) {
    const n = writeSync(fd, data, done, data.length - done, offset + done);
    if (n === 0) throw Object.assign(new Error(`no progress writing at offset ${offset + done}`), { code: 'EIO' });
    done += n;
  }
}
