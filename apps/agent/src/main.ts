import { createLogger, initTracing } from '@tandem/observability';
import { MESSAGING_MIGRATIONS } from '@tandem/persistence';
import { bootstrapService, startServiceRuntime } from '@tandem/service';
import { AgentModule } from './agent.module';
import { wireAgent } from './agent.wiring';
import { loadConfig } from './config';
import { createDataMover } from './data/data-mover.factory';
import { AgentSelfTest1764115300000 } from './migrations/1764115300000-selftest.migration';
import { AgentJobs1764115300001 } from './migrations/1764115300001-agent-jobs.migration';

const VERSION = '0.1.0';

async function main(): Promise<void> {
  const config = loadConfig();
  const tracing = initTracing({ service: 'agent', otlpEndpoint: config.otlpEndpoint, spansFile: config.spansFile });
  const logger = createLogger('agent', { level: config.logLevel, fields: { domain: config.domain, node: config.node } });
  const runtime = await startServiceRuntime({
    name: 'agent',
    config,
    migrations: [...MESSAGING_MIGRATIONS, AgentSelfTest1764115300000, AgentJobs1764115300001],
    logger,
    consumer: `agent-${config.domain}`,
    scope: config.domain,
  });
  const identity = { domain: config.domain, node: config.node, version: VERSION };
  const parts = wireAgent(runtime, config, identity, createDataMover({ progressIntervalMs: Math.min(250, config.progressIntervalMs), dataDir: config.dataDir }), logger);
  await bootstrapService({
    name: 'agent',
    module: AgentModule.forRoot(runtime, parts, config.dataDir),
    port: config.httpPort,
    host: config.httpHost,
    microservices: [runtime.transport],
    openapi: { title: 'Tandem agent', version: '1', description: 'Per-domain, per-node data mover and probe.' },
    logger,
    tracing,
  });
}

main().catch((err: unknown) => {
  createLogger('agent').fatal('agent could not start', { err });
  process.exit(1);
});
