import { createHash } from 'node:crypto';
import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { join } from 'node:path';

/** What a target directory holds since this agent last restored into it. */
export interface RestoredPoint {
  volume: string;
  recoveryPointId: string;
}

/**
 * Remembers, per target directory, the recovery point this agent last restored there, so that the next restore
 * of the same volume passes it as `previous` and reads unchanged chunks from the target instead of the store.
 * Kept on the agent's own disk (the target is node-local); a record that is wrong or stale costs only speed,
 * never correctness: every chunk read from the target is checked against its keyed hash.
 */
export class RestoreLedger {
  constructor(private readonly dir: string) {}

  async lastRestored(target: string): Promise<RestoredPoint | undefined> {
    try {
      const parsed = JSON.parse(await readFile(this.fileOf(target), 'utf8')) as Partial<RestoredPoint> & { target?: string };
      if (parsed.target !== target || typeof parsed.volume !== 'string' || typeof parsed.recoveryPointId !== 'string') return undefined;
      return { volume: parsed.volume, recoveryPointId: parsed.recoveryPointId };
    } catch {
      return undefined;
    }
  }

  async recordRestored(target: string, point: RestoredPoint): Promise<void> {
    await mkdir(this.dir, { recursive: true, mode: 0o700 });
    const file = this.fileOf(target);
    const temporary = `${file}.${process.pid}.tmp`;
    await writeFile(temporary, JSON.stringify({ target, ...point }), { mode: 0o600 });
    await rename(temporary, file);
  }

  private fileOf(target: string): string {
    return join(this.dir, `${createHash('sha256').update(target).digest('hex').slice(0, 32)}.json`);
  }
}
