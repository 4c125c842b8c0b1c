import { applyRetention, backup, collectGarbage, parseManifestKey, restore, verifyRecoveryPoint } from '@tandem/datamover';
import { TandemError } from '@tandem/service';
import type {
  DataMover,
  GarbageCollected,
  RecoveryPointVerified,
  RepositoryAccess,
  RetentionApplied,
  VolumeBackedUp,
  VolumeRestored,
  WorkContext,
} from './data-mover.port';
import type { RestoreLedger } from './restore.ledger';

/** The id part of a manifest key (`manifests/<volume>/<id>`). */
const idOf = (manifestKey: string): string => parseManifestKey(manifestKey)?.recoveryPointId ?? manifestKey;

/**
 * The DataMover port on @tandem/datamover: content-defined chunks, encrypted and deduplicated in pack files, the
 * manifest written last. A back-up that is run again after an interruption uploads only the chunks the store
 * lacks; a restore builds beside the target and swaps it in.
 */
export class TandemDataMover implements DataMover {
  constructor(private readonly opts: { progressIntervalMs: number; restores?: RestoreLedger }) {}

  async backUpVolume(repo: RepositoryAccess, req: { volume: string; path: string }, ctx: WorkContext): Promise<VolumeBackedUp> {
    const r = await backup({
      store: repo.store,
      key: repo.masterKey,
      volume: req.volume,
      source: req.path,
      signal: ctx.signal,
      onProgress: (p) => ctx.progress(p),
      progressIntervalMs: this.opts.progressIntervalMs,
    });
    return { recoveryPointId: r.recoveryPointId, files: r.stats.files, bytes: r.stats.bytesTotal, bytesUploaded: r.stats.bytesUploaded };
  }

  async restore(repo: RepositoryAccess, req: { volume: string; recoveryPointId: string; targetPath: string }, ctx: WorkContext): Promise<VolumeRestored> {
    // The previous restore of the same volume into this target: its unchanged chunks are read locally.
    const last = await this.opts.restores?.lastRestored(req.targetPath);
    const previous = last !== undefined && last.volume === req.volume ? last : undefined;
    const r = await restore({
      store: repo.store,
      key: repo.masterKey,
      recoveryPoint: { volume: req.volume, recoveryPointId: req.recoveryPointId },
      target: req.targetPath,
      previous,
      signal: ctx.signal,
      onProgress: (p) => ctx.progress(p),
      progressIntervalMs: this.opts.progressIntervalMs,
    });
    await this.opts.restores?.recordRestored(req.targetPath, { volume: req.volume, recoveryPointId: r.recoveryPointId });
    return { files: r.stats.files, bytes: r.stats.bytesWritten, bytesFetched: r.stats.bytesFetched, chunksLocal: r.stats.chunksLocal };
  }

  async verify(repo: RepositoryAccess, req: { volume: string; recoveryPointId: string; sample: number }, ctx: WorkContext): Promise<RecoveryPointVerified> {
    const r = await verifyRecoveryPoint({
      store: repo.store,
      key: repo.masterKey,
      recoveryPoint: { volume: req.volume, recoveryPointId: req.recoveryPointId },
      sample: req.sample,
      signal: ctx.signal,
    });
    if (!r.ok) {
      const shown = r.bad.slice(0, 5).map((b) => `chunk ${b.chunkId} is ${b.problem} (${b.detail}; in ${b.files.join(', ')})`);
      throw new TandemError(
        `recovery point ${req.volume}/${req.recoveryPointId} is damaged: ${r.bad.length} of ${r.chunksChecked} chunks checked are bad: ` +
          `${shown.join('; ')}${r.bad.length > shown.length ? '; …' : ''}. Restore from another recovery point and take a new back-up.`,
        { code: 'recovery-point-damaged', retryable: false },
      );
    }
    return { chunksChecked: r.chunksChecked, chunksTotal: r.chunksTotal, bytesChecked: r.bytesChecked };
  }

  async applyRetention(repo: RepositoryAccess, req: { volume: string; retain: number }): Promise<RetentionApplied> {
    const r = await applyRetention({ store: repo.store, volume: req.volume, retain: req.retain });
    return { kept: r.kept.map(idOf), removed: r.deleted.map(idOf) };
  }

  async collectGarbage(repo: RepositoryAccess, req: { graceSeconds: number }, ctx: WorkContext): Promise<GarbageCollected> {
    const r = await collectGarbage({ store: repo.store, key: repo.masterKey, graceMs: req.graceSeconds * 1000, signal: ctx.signal });
    return {
      manifests: r.manifests,
      chunksReferenced: r.chunksReferenced,
      chunksMarked: r.chunksMarked,
      chunksDeleted: r.chunksDeleted,
      bytesFreed: r.bytesDeleted,
      listsDeferred: r.listsDeferred,
    };
  }
}
