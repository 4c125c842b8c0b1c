import { randomUUID } from 'node:crypto';
import { AgentHeartbeat } from '@tandem/contracts';
import type { JsonLogger } from '@tandem/observability';
import type { ServiceRuntime } from '@tandem/service';
import type { AgentIdentity } from '../agent.controller';
import type { DomainEpochStore } from '../fencing/domain-epoch.store';
import { VolumeSizes } from './volume-sizes.cache';
import type { VolumeDirectory } from './volume.directory';

/**
 * Announces the agent every `intervalMs` through the outbox: domain, node, version, the epoch it holds, and the
 * volumes it can reach with their sizes (re-measured every few beats). The first beat goes out at start. A beat that cannot be written (the
 * database is down) is logged and the next one tried on time.
 */
export class HeartbeatEmitter {
  private timer: NodeJS.Timeout | undefined;
  private beating: Promise<void> = Promise.resolve();
  private stopped = false;
  /** Sizes are re-measured every six beats, and at least once a minute. */
  private readonly sizes: VolumeSizes;

  constructor(
    private readonly runtime: ServiceRuntime,
    private readonly identity: AgentIdentity,
    private readonly epochs: DomainEpochStore,
    private readonly volumes: VolumeDirectory,
    private readonly intervalMs: number,
    private readonly logger: JsonLogger,
  ) {
    this.sizes = new VolumeSizes(Math.min(60_000, 6 * intervalMs));
  }

  start(): void {
    this.stopped = false;
    this.schedule(0);
  }

  async stop(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.timer);
    await this.beating;
  }

  private schedule(delayMs: number): void {
    if (this.stopped) return;
    this.timer = setTimeout(() => {
      this.beating = this.beat()
        .catch((err: unknown) => this.logger.warn('heartbeat not sent, will try again', { err }))
        .finally(() => this.schedule(this.intervalMs));
    }, delayMs);
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
