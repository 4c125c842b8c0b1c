import { TandemDataMover } from './datamover.adapter';
import type { DataMover } from './data-mover.port';

/** The DataMover this build runs jobs with: @tandem/datamover. */
export const createDataMover = (opts: { progressIntervalMs: number }): DataMover => new TandemDataMover(opts);
