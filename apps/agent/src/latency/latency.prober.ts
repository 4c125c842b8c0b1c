import { randomUUID } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import { setTimeout as sleep } from 'node:timers/promises';
import type { NatsConnection } from '@nats-io/nats-core';
import { DataOf, LatencyMeasured } from '@tandem/contracts';
import type { JsonLogger } from '@tandem/observability';
import type { ServiceRuntime } from '@tandem/service';
import type { AgentIdentity } from '../agent.controller';
import { peerProbesLost, peerRoundTripMs } from '../agent.metrics';
import { PeriodicTask } from '../periodic.task';
import { pingStats } from './ping.stats';
import { probeSubject } from './probe.subject';

export interface LatencyProberOptions {
  peerDomain: string;
  intervalMs: number;
  /** Probes per round. */
  count: number;
  /** A probe not answered within this is lost. */
  timeoutMs: number;
}

export type LatencyMeasurement = DataOf<typeof LatencyMeasured>;

/** Pause between the probes of one round, so they do not queue behind each other. */
const GAP_MS = 20;

/**
 * Every `intervalMs`, sends `count` probes to the peer domain's agents over core NATS, one after the other, and
 * records the round trips as `ping` summarises them: emitted as `latency-measured` through the outbox, and kept
 * as the last result for `GET /v1/agent/latency`.
 */
export class LatencyProber {
  private readonly task: PeriodicTask;
  private lastResult: LatencyMeasurement | undefined;

  constructor(
    private readonly runtime: ServiceRuntime,
    private readonly nc: NatsConnection,
    private readonly identity: AgentIdentity,
    readonly options: LatencyProberOptions,
    private readonly logger: JsonLogger,
  ) {
    this.task = new PeriodicTask(
      options.intervalMs,
      async () => this.record(await this.measure()),
      (err) => this.logger.warn('latency measurement not recorded, will try again', { err }),
    );
  }

  get last(): LatencyMeasurement | undefined {
    return this.lastResult;
  }

  start(): void {
    this.task.start();
  }

  stop(): Promise<void> {
    return this.task.stop();
  }

  /** One round of probes. */
  async measure(): Promise<LatencyMeasurement> {
    const subject = probeSubject(this.runtime.naming.prefix, this.options.peerDomain);
    const rtts: number[] = [];
    const payload = new TextEncoder().encode(this.identity.node);
    let sent = 0;
    for (; sent < this.options.count && !this.task.stopping; sent++) {
      if (sent > 0) await sleep(GAP_MS);
      const started = performance.now();
      try {
        await this.nc.request(subject, payload, { timeout: this.options.timeoutMs });
        rtts.push(performance.now() - started);
      } catch {
        // Timed out or no responder: lost, as ping counts it.
      }
    }
    const stats = pingStats(rtts, sent);
    return { domain: this.identity.domain, node: this.identity.node, peerDomain: this.options.peerDomain, ...stats, at: new Date().toISOString() };
  }

  private async record(measurement: LatencyMeasurement): Promise<void> {
    this.lastResult = measurement;
    const peer = measurement.peerDomain;
    peerProbesLost().set({ peer_domain: peer }, measurement.lost);
    for (const stat of ['min', 'avg', 'max', 'mdev'] as const) {
      const value = measurement[`${stat}Ms`];
      if (value === undefined) peerRoundTripMs().remove({ peer_domain: peer, stat });
      else peerRoundTripMs().set({ peer_domain: peer, stat }, value);
    }
    if (measurement.samples === 0) {
      this.logger.warn('no agent of the peer domain answered a latency probe', { peerDomain: measurement.peerDomain, lost: measurement.lost });
    }
    await this.runtime.db.transaction((m) =>
      this.runtime.outbox.append(m, [{ id: randomUUID(), definition: LatencyMeasured, data: measurement }]),
    );
  }
}
