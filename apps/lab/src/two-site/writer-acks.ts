import { readFile } from 'node:fs/promises';

/** One insert PostgreSQL acknowledged to the writer: the row's id and the wall time the writer got the answer. */
export interface WriterAck {
  id: number;
  ackedAt: Date;
}

/** Reads the writer's acks file (`<id>\t<ISO time>` per line); a last line still being written is left out. */
export async function readWriterAcks(file: string): Promise<WriterAck[]> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw error;
  }
  return parseWriterAcks(text);
}

export function parseWriterAcks(text: string): WriterAck[] {
  const acks: WriterAck[] = [];
  const lines = text.split('\n');
  // Everything after the last newline is a line not finished yet.
  lines.pop();
  lines.forEach((line, index) => {
    const [id, at] = line.split('\t');
    const ackedAt = new Date(at ?? '');
    if (!/^\d+$/.test(id ?? '') || Number.isNaN(ackedAt.getTime())) throw new Error(`writer acks line ${index + 1} is not "<id>\\t<ISO time>": ${JSON.stringify(line)}`);
    acks.push({ id: Number(id), ackedAt });
  });
  return acks;
}
