import type { JsonLogger } from '@tandem/observability';
import type { ServiceRuntime } from '@tandem/service';
import type { AgentIdentity } from './agent.controller';
import { AgentBackground } from './agent.background';
import { type AgentConfig, readSecretEnv } from './config';
import { BandwidthLimiter } from './data/bandwidth.limiter';
import type { DataMover } from './data/data-mover.port';
import { SecretReader } from './data/secret.reader';
import { StoreResolver } from './data/store.resolver';
import { DomainEpochStore } from './fencing/domain-epoch.store';
import { HeartbeatEmitter } from './heartbeat/heartbeat.emitter';
import { VolumeDirectory } from './heartbeat/volume.directory';
import { JobExecutor } from './jobs/job.executor';
import { JobIntake } from './jobs/job.intake';
import { JobRepository } from './jobs/job.repository';
import { JobRunner } from './jobs/job.runner';
import { LatencyProber } from './latency/latency.prober';
import { ProbeResponder } from './latency/probe.responder';

export type AgentParts = ReturnType<typeof wireAgent>;

/** Builds the agent's parts from its configuration: the one place that knows how they fit together. */
export function wireAgent(runtime: ServiceRuntime, config: AgentConfig, identity: AgentIdentity, mover: DataMover, logger: JsonLogger) {
  const nc = runtime.bus.nc;
  const epochs = new DomainEpochStore(identity.domain);
  const volumes = new VolumeDirectory(config.volumesDir, identity.node);
  const jobs = new JobRepository();
  const secrets = new SecretReader({ secretsDir: config.secretsDir, envPrefix: config.secretEnvPrefix, readEnv: (name) => readSecretEnv(name) });
  const stores = new StoreResolver({
    secrets,
    nc,
    ...(config.uploadBytesPerSecond > 0 ? { limiter: new BandwidthLimiter(config.uploadBytesPerSecond) } : {}),
  });
  const runner = new JobRunner(
    runtime,
    identity,
    epochs,
    jobs,
    new JobExecutor(mover, stores, secrets, volumes),
    { concurrency: config.jobConcurrency, maxAttempts: config.jobMaxAttempts, pollMs: config.jobPollMs, progressIntervalMs: config.progressIntervalMs },
    logger.child('jobs'),
  );
  const intake = new JobIntake(runtime, identity, epochs, jobs, (id) => runner.kick(id), logger.child('jobs'));
  const prober = config.peerDomain
    ? new LatencyProber(
        runtime,
        nc,
        identity,
        { peerDomain: config.peerDomain, intervalMs: config.probeIntervalMs, count: config.probeCount, timeoutMs: config.probeTimeoutMs },
        logger.child('latency'),
      )
    : null;
  const background = new AgentBackground({
    volumes,
    heartbeat: new HeartbeatEmitter(runtime, identity, epochs, volumes, config.heartbeatMs, logger.child('heartbeat')),
    responder: new ProbeResponder(nc, runtime.naming.prefix, identity.domain),
    prober,
    runner,
  });
  return { identity, epochs, jobs, intake, prober, background };
}
