import { InvalidInputError } from '@tandem/service';
import type { DataMover, RepositoryAccess, VolumeBackedUp, WorkContext } from '../data/data-mover.port';
import type { SecretReader } from '../data/secret.reader';
import type { StoreResolver } from '../data/store.resolver';
import { treeSize } from '../heartbeat/tree-size';
import type { VolumeDirectory } from '../heartbeat/volume.directory';
import { CombinedProgress } from './combined.progress';
import type { Job, JobCommands } from './job.model';

/** What a job's work gets besides the DataMover's context: the checkpoint it left last time, and a way to leave one. */
export interface ExecutionContext extends WorkContext {
  checkpoint: unknown;
  saveCheckpoint(checkpoint: unknown): Promise<void>;
}

type BackedUpVolume = VolumeBackedUp & { volume: string };

/**
 * Does one job's work through the DataMover: opens the store and the repository the command names, resolves volume
 * names to this node's directories, and shapes the result as the job's `…-succeeded` output. A back-up of several
 * volumes checkpoints each finished volume, so a resumed job goes on with the next one.
 */
export class JobExecutor {
  constructor(
    private readonly mover: DataMover,
    private readonly stores: StoreResolver,
    private readonly secrets: SecretReader,
    private readonly volumes: VolumeDirectory,
  ) {}

  async run(job: Job, ctx: ExecutionContext): Promise<unknown> {
    const store = await this.stores.open(job.command.store, ctx.signal);
    try {
      const repo: RepositoryAccess = { store, masterKey: await this.secrets.masterKey(job.command.repository.masterKeyRef) };
      switch (job.kind) {
        case 'back-up-volumes':
          return await this.backUp(repo, job.command as JobCommands['back-up-volumes'], ctx);
        case 'restore-recovery-point': {
          const c = job.command as JobCommands['restore-recovery-point'];
          const targetPath = this.volumes.pathOf(c.targetVolume);
          const r = await this.mover.restore(repo, { volume: c.volume, recoveryPointId: c.recoveryPointId, targetPath }, ctx);
          return { volume: c.volume, recoveryPointId: c.recoveryPointId, targetVolume: c.targetVolume, files: r.files, bytes: r.bytes, bytesFetched: r.bytesFetched };
        }
        case 'verify-recovery-point': {
          const c = job.command as JobCommands['verify-recovery-point'];
          const sample = c.sample ?? 1;
          const r = await this.mover.verify(repo, { volume: c.volume, recoveryPointId: c.recoveryPointId, sample }, ctx);
          return { volume: c.volume, recoveryPointId: c.recoveryPointId, sample, ...r };
        }
        case 'apply-retention': {
          const c = job.command as JobCommands['apply-retention'];
          const r = await this.mover.applyRetention(repo, { volume: c.volume, retain: c.retain }, ctx);
          return { volume: c.volume, retain: c.retain, kept: r.kept, removed: r.removed };
        }
        case 'collect-garbage': {
          const c = job.command as JobCommands['collect-garbage'];
          return await this.mover.collectGarbage(repo, { graceSeconds: c.graceSeconds }, ctx);
        }
      }
    } finally {
      await store.close().catch(() => undefined);
    }
  }

  private async backUp(repo: RepositoryAccess, c: JobCommands['back-up-volumes'], ctx: ExecutionContext): Promise<unknown> {
    const names = c.volumes.map((v) => v.name);
    const twice = names.find((n, i) => names.indexOf(n) !== i);
    if (twice) throw new InvalidInputError(`volume ${twice} is listed twice in group snapshot ${c.groupSnapshotId}: list each volume once`);
    const paths = await Promise.all(names.map((n) => this.volumes.reachable(n)));
    const finished = new Map(((ctx.checkpoint as { recoveryPoints?: BackedUpVolume[] } | undefined)?.recoveryPoints ?? []).map((r) => [r.volume, r]));
    const seeds = await Promise.all(
      names.map(async (name, i) => {
        const done = finished.get(name);
        if (done) return { bytesDone: done.bytes, bytesTotal: done.bytes, filesDone: done.files, filesTotal: done.files };
        const size = await treeSize(paths[i]!, Number.MAX_SAFE_INTEGER);
        return { bytesDone: 0, bytesTotal: size?.bytes ?? 0, filesDone: 0, filesTotal: size?.files ?? 0 };
      }),
    );
    const progress = new CombinedProgress(seeds, (total) => ctx.progress(total));
    for (const [i, volume] of names.entries()) {
      if (finished.has(volume)) continue;
      const r = await this.mover.backUpVolume(
        repo,
        { volume, path: paths[i]!, groupSnapshotId: c.groupSnapshotId },
        { signal: ctx.signal, progress: (p) => progress.update(i, p) },
      );
      finished.set(volume, { volume, ...r });
      progress.complete(i, r);
      await ctx.saveCheckpoint({ recoveryPoints: [...finished.values()] });
    }
    return {
      groupSnapshotId: c.groupSnapshotId,
      recoveryPoints: names.map((n) => {
        const r = finished.get(n)!;
        return { volume: n, recoveryPointId: r.recoveryPointId, files: r.files, bytes: r.bytes, bytesUploaded: r.bytesUploaded };
      }),
    };
  }
}
