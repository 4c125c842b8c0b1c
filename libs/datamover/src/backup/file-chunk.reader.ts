import { constants } from 'node:fs';
import { FileHandle, open } from 'node:fs/promises';
import { FastCdcChunker } from '../chunking/fastcdc.chunker';
import { ChunkerParams } from '../chunking/chunker-params';

const READ_SIZE = 1024 * 1024;

/** Counts the file content actually read, so tests and stats can prove what was (not) read. */
export interface ReadCounters {
  filesRead: number;
  bytesRead: number;
}

/**
 * Streams a file's content as content-defined chunks. Memory is one window of `maxSize + 1 MiB` (less for small
 * files); each chunk is a fresh buffer owning its memory, so it can be transferred to a worker. Opens with
 * O_NOFOLLOW: a path that became a symlink since the walk is refused, not followed. `whenDone` receives the
 * file's stat after the last read, to detect a change during the read.
 */
export async function* readFileChunks(
  path: string,
  params: ChunkerParams,
  expectedSize: number,
  counters: ReadCounters,
  whenDone?: (fh: FileHandle) => Promise<void>,
): AsyncGenerator<Buffer> {
  const fh = await open(path, constants.O_RDONLY | constants.O_NOFOLLOW);
  counters.filesRead++;
  try {
    const chunker = new FastCdcChunker(params);
    const full = params.maxSize + READ_SIZE;
    let window = Buffer.allocUnsafeSlow(Math.max(1, Math.min(full, expectedSize)));
    let filled = 0;
    let position = 0;
    let eof = false;
    const read = async (buf: Buffer, offset: number): Promise<number> => {
      const { bytesRead } = await fh.read(buf, offset, buf.length - offset, position);
      position += bytesRead;
      counters.bytesRead += bytesRead;
      if (bytesRead === 0) eof = true;
      return bytesRead;
    };
    for (;;) {
      while (!eof && filled < window.length) filled += await read(window, filled);
      if (!eof && filled === window.length && window.length < full) {
        // A small window is full: probe for EOF before paying for a full-size window.
        const probe = Buffer.allocUnsafe(1);
        if ((await read(probe, 0)) > 0) {
          const wider = Buffer.allocUnsafeSlow(full);
          window.copy(wider, 0, 0, filled);
          wider[filled++] = probe[0] as number;
          window = wider;
          continue;
        }
      }
      let start = 0;
      for (;;) {
        const cut = chunker.findCut(start === 0 ? window : window.subarray(start), filled - start, eof);
        if (cut === 0) break;
        if (start === 0 && cut === window.length) {
          yield window; // the chunk is the whole window (a small file): hand over the buffer itself
          window = Buffer.allocUnsafeSlow(1);
          filled = 0;
          break;
        }
        const chunk = Buffer.allocUnsafeSlow(cut);
        window.copy(chunk, 0, start, start + cut);
        start += cut;
        yield chunk;
      }
      if (start > 0) {
        window.copyWithin(0, start, filled);
        filled -= start;
      }
      if (eof && filled === 0) break;
    }
    if (whenDone) await whenDone(fh);
  } finally {
    await fh.close();
  }
}
