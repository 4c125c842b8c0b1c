import type { WorkProgress } from '../data/data-mover.port';

/** Progress of a job made of parts (a back-up of several volumes): the sum of the parts' latest reports. */
export class CombinedProgress {
  private readonly parts: WorkProgress[];

  constructor(
    seeds: readonly WorkProgress[],
    private readonly sink: (total: WorkProgress) => void,
  ) {
    this.parts = seeds.map((s) => ({ ...s }));
  }

  update(index: number, report: WorkProgress): void {
    this.parts[index] = { ...report };
    this.sink(this.total());
  }

  /** Marks part `index` done with its final size. */
  complete(index: number, size: { bytes: number; files: number }): void {
    this.update(index, { bytesDone: size.bytes, bytesTotal: size.bytes, filesDone: size.files, filesTotal: size.files });
  }

  total(): WorkProgress {
    return this.parts.reduce(
      (t, p) => ({
        bytesDone: t.bytesDone + p.bytesDone,
        bytesTotal: t.bytesTotal + Math.max(p.bytesTotal, p.bytesDone),
        filesDone: t.filesDone + p.filesDone,
        filesTotal: t.filesTotal + Math.max(p.filesTotal, p.filesDone),
      }),
      { bytesDone: 0, bytesTotal: 0, filesDone: 0, filesTotal: 0 },
    );
  }
}
