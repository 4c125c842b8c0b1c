import { randomUUID } from 'node:crypto';
import { AgentHeartbeat } from '@tandem/contracts';
import type { JsonLogger } from '@tandem/observability';
import type { ServiceRuntime } from '@tandem/service';
import type { AgentIdentity } from '../agent.controller';
import type { DomainEpochStore } from '../fencing/domain-epoch.store';
import { PeriodicTask } from '../periodic.task';
import { VolumeSizes } from './volume-sizes.cache';
import type { VolumeDirectory } from './volume.directory';

/**
 * Announces the agent every `intervalMs` through the outbox: domain, node, version, the epoch it holds, and the
 * volumes it can reach with their sizes (re-measured every few beats). The first beat goes out at start. A beat that cannot be written (the
 * database is down) is logged and the next one tried on time.
 */
export class HeartbeatEmitter {
  private readonly task: PeriodicTask;
  /** Sizes are re-measured every six beats, and at least once a minute. */
  private readonly sizes: VolumeSizes;

  constructor(
    private readonly runtime: ServiceRuntime,
    private readonly identity: AgentIdentity,
    private readonly epochs: DomainEpochStore,
    private readonly volumes: VolumeDirectory,
    intervalMs: number,
    private readonly logger: JsonLogger,
  ) {
    this.sizes = new VolumeSizes(Math.min(60_000, 6 * intervalMs));
    this.task = new PeriodicTask(intervalMs, () => this.beat(), (err) => this.logger.warn('heartbeat not sent, will try again', { err }));
  }

  start(): void {
    this.task.start();
  }

  stop(): Promise<void> {
    return this.task.stop();
  }

  async beat(): Promise<void> {
    const reachable = await this.volumes.list();
    this.sizes.keepOnly(reachable.map((v) => v.path));
    const volumes = await Promise.all(
      reachable.map(async (v) => {
        const bytes = await this.sizes.bytesOf(v.path);
        return { ...v, ...(bytes !== undefined ? { bytes } : {}) };
      }),
    );
    await this.runtime.db.transaction(async (m) => {
      const { epoch } = await this.epochs.current(m);
      await this.runtime.outbox.append(m, [
        {
          id: randomUUID(),
          definition: AgentHeartbeat,
          data: { ...this.identity, epoch, volumes, at: new Date().toISOString() },
        },
      ]);
    });
  }
}
