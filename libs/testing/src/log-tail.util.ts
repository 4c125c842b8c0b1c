import { open } from 'node:fs/promises';

const TAIL_BYTES = 64 * 1024;

/** The last `lines` lines of a (log) file, or a note saying why there are none. */
export async function readFileTail(file: string, lines = 60): Promise<string> {
  try {
    const handle = await open(file, 'r');
    try {
      const { size } = await handle.stat();
      const length = Math.min(size, TAIL_BYTES);
      const buffer = Buffer.alloc(length);
      await handle.read(buffer, 0, length, size - length);
      return lastLines(buffer.toString('utf8'), lines);
    } finally {
      await handle.close();
    }
  } catch (error) {
    return `(could not read ${file}: ${(error as Error).message})`;
  }
}

/** Keeps the last `capacity` lines written to it, for error messages. */
export class LineTail {
  private readonly lines: string[] = [];
  private partial = '';

  constructor(private readonly capacity = 200) {}

  write(chunk: Buffer | string): void {
    const parts = (this.partial + chunk.toString()).split('\n');
    this.partial = parts.pop() ?? '';
    this.lines.push(...parts);
    if (this.lines.length > this.capacity) this.lines.splice(0, this.lines.length - this.capacity);
  }

  text(lines = this.capacity): string {
    const all = this.partial ? [...this.lines, this.partial] : this.lines;
    return all.slice(-lines).join('\n');
  }
}

function lastLines(text: string, lines: number): string {
  return text.replace(/\n$/, '').split('\n').slice(-lines).join('\n');
}
