import { treeSize } from './tree-size';

/**
 * Volume sizes for heartbeats, measured at most once per `maxAgeMs` per volume: walking a large volume every few
 * seconds would cost more than the size is worth.
 */
export class VolumeSizes {
  private readonly known = new Map<string, { at: number; bytes: number | undefined }>();

  constructor(private readonly maxAgeMs: number) {}

  async bytesOf(path: string, now = Date.now()): Promise<number | undefined> {
    const cached = this.known.get(path);
    if (cached && now - cached.at < this.maxAgeMs) return cached.bytes;
    const size = await treeSize(path);
    this.known.set(path, { at: now, bytes: size?.bytes });
    return size?.bytes;
  }

  /** Forgets volumes that are gone. */
  keepOnly(paths: readonly string[]): void {
    for (const path of this.known.keys()) if (!paths.includes(path)) this.known.delete(path);
  }
}
