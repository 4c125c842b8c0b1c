import type { HeartbeatEmitter } from './heartbeat/heartbeat.emitter';
import type { VolumeDirectory } from './heartbeat/volume.directory';
import type { JobRunner } from './jobs/job.runner';
import type { LatencyProber } from './latency/latency.prober';
import type { ProbeResponder } from './latency/probe.responder';

/** What the agent does on its own, beside answering commands: heartbeats, probes, and running jobs. */
export class AgentBackground {
  constructor(
    private readonly parts: {
      volumes: VolumeDirectory;
      heartbeat: HeartbeatEmitter;
      responder: ProbeResponder;
      prober: LatencyProber | null;
      runner: JobRunner;
    },
  ) {}

  async start(): Promise<void> {
    await this.parts.volumes.ensure();
    this.parts.responder.start();
    this.parts.heartbeat.start();
    this.parts.prober?.start();
    this.parts.runner.start();
  }

  /** Interrupted jobs stay `Running` and resume at the next start. */
  async stop(): Promise<void> {
    await Promise.all([this.parts.runner.stop(), this.parts.heartbeat.stop(), this.parts.prober?.stop()]);
    this.parts.responder.stop();
  }
}
