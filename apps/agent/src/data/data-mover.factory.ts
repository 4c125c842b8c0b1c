import { join } from 'node:path';
import { TandemDataMover } from './datamover.adapter';
import type { DataMover } from './data-mover.port';
import { RestoreLedger } from './restore.ledger';

/** The DataMover this build runs jobs with: @tandem/datamover, remembering its restores under `dataDir`. */
export const createDataMover = (opts: { progressIntervalMs: number; dataDir: string }): DataMover =>
  new TandemDataMover({ progressIntervalMs: opts.progressIntervalMs, restores: new RestoreLedger(join(opts.dataDir, 'restores')) });
