import { readFileSync } from 'node:fs';
import { CommandError } from '../cli/cli-errors';
import type { Io } from './command-context';

/** The text of `-f FILE` (`-` is stdin), and the name to print in problems. */
export async function readInput(file: string, io: Io): Promise<{ source: string; text: string }> {
  if (file === '-') return { source: '<stdin>', text: await io.readStdin() };
  try {
    return { source: file, text: readFileSync(file, 'utf8') };
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new CommandError(`cannot read ${file}: ${code === 'ENOENT' ? 'no such file' : code === 'EISDIR' ? 'it is a directory' : (error as Error).message}`);
  }
}
