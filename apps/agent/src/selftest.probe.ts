import { createHash } from 'node:crypto';
import { mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { SelfTestStep } from '@tandem/contracts';

export type ProbeOutcome = { ok: true; output: Record<string, unknown> } | { ok: false; reason: string };

const sha256 = (data: string | Buffer) => createHash('sha256').update(data).digest('hex');

/**
 * The self-test's work on the agent's data directory: write a probe file, read it back and check its hash,
 * report. Every action is idempotent (writing the same bytes, removing what may already be gone), so a
 * redelivered command is harmless even before the inbox sees it.
 */
export class SelfTestProbe {
  constructor(private readonly dataDir: string) {}

  private path(sagaId: string, suffix: string): string {
    return join(this.dataDir, 'selftest', `${sagaId}.${suffix}`);
  }

  async run(step: SelfTestStep, action: 'do' | 'undo', sagaId: string, probe: string): Promise<ProbeOutcome> {
    const file = this.path(sagaId, 'probe');
    const mark = this.path(sagaId, 'verified');
    if (action === 'undo') {
      await rm(step === 'write-probe' ? file : mark, { force: true });
      return { ok: true, output: { removed: step === 'write-probe' ? 'probe' : 'verification' } };
    }
    switch (step) {
      case 'write-probe':
        await mkdir(join(this.dataDir, 'selftest'), { recursive: true });
        await writeFile(file, probe);
        return { ok: true, output: { bytes: Buffer.byteLength(probe), sha256: sha256(probe) } };
      case 'verify-probe': {
        const read = await readFile(file).catch(() => undefined);
        if (!read) return { ok: false, reason: `probe ${file} is missing` };
        if (sha256(read) !== sha256(probe)) return { ok: false, reason: `probe ${file} does not hold what was written` };
        await writeFile(mark, sha256(read));
        return { ok: true, output: { verified: true } };
      }
      case 'report': {
        const verified = await readFile(mark, 'utf8').catch(() => undefined);
        if (!verified) return { ok: false, reason: 'the probe was never verified' };
        return { ok: true, output: { sha256: verified, probe } };
      }
    }
  }
}
