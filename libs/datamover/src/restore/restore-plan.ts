import { chunkId } from '../crypto/chunk-id';
import { BadChunkError } from '../datamover.errors';
import { ManifestEntry } from '../manifest/manifest.model';

/** A distinct chunk a restore must write, and where: `targets` holds pairs of file number and offset. */
export interface ChunkNeed {
  readonly size: number;
  readonly targets: number[];
}

export interface RestorePlan {
  /** By chunk id; each is fetched (or read locally) once and written to all its targets. */
  readonly needs: Map<string, ChunkNeed>;
  /** Per file, the chunks still to write; a file is done when it reaches 0. */
  readonly remaining: Int32Array;
  /** Per file, 1 when it has all-zero chunks: it is sized before its chunks are written, and they stay holes. */
  readonly holes: Uint8Array;
  /** All-zero chunks, left as holes (files are created at their full size). */
  readonly zeroChunks: number;
  readonly zeroBytes: number;
}

/**
 * Which chunk goes where. All-zero chunks are not fetched: their id is checked against the keyed hash of zeros
 * of that size (a manifest cannot smuggle a hole in place of data).
 */
export function planRestore(files: readonly ManifestEntry[], idKey: Uint8Array): RestorePlan {
  const needs = new Map<string, ChunkNeed>();
  const remaining = new Int32Array(files.length);
  const holes = new Uint8Array(files.length);
  const zeroIds = new Map<number, string>();
  let zeroChunks = 0;
  let zeroBytes = 0;
  files.forEach((file, n) => {
    let offset = 0;
    for (const ref of file.chunks ?? []) {
      const at = offset;
      offset += ref.size;
      if (ref.zero) {
        let zeroId = zeroIds.get(ref.size);
        if (!zeroId) zeroIds.set(ref.size, (zeroId = chunkId(idKey, Buffer.alloc(ref.size))));
        if (zeroId !== ref.id) throw new BadChunkError(ref.id, 'corrupt', file.path, 'the manifest marks it all-zero, but that is not the hash of zeros');
        zeroChunks++;
        zeroBytes += ref.size;
        holes[n] = 1;
        continue;
      }
      let need = needs.get(ref.id);
      if (!need) needs.set(ref.id, (need = { size: ref.size, targets: [] }));
      else if (need.size !== ref.size) throw new BadChunkError(ref.id, 'corrupt', file.path, `the manifest gives it sizes ${need.size} and ${ref.size}`);
      need.targets.push(n, at);
      remaining[n] = (remaining[n] as number) + 1;
    }
  });
  return { needs, remaining, holes, zeroChunks, zeroBytes };
}
