import { createLogger, initTracing } from '@tandem/observability';
import { MESSAGING_MIGRATIONS } from '@tandem/persistence';
import { openPlatform } from '@tandem/platform';
import { bootstrapService, startServiceRuntime } from '@tandem/service';
import { loadConfig } from './config';
import { Snapshot1764115700000 } from './migrations/1764115700000-snapshot.migration';
import { SnapshotModule } from './snapshot.module';

async function main(): Promise<void> {
  const config = loadConfig();
  const tracing = initTracing({ service: 'snapshot', otlpEndpoint: config.otlpEndpoint, spansFile: config.spansFile });
  const logger = createLogger('snapshot', { level: config.logLevel });
  const platform = await openPlatform(config.platform);
  const runtime = await startServiceRuntime({
    name: 'snapshot',
    config,
    migrations: [...MESSAGING_MIGRATIONS, Snapshot1764115700000],
    logger,
  });
  await bootstrapService({
    name: 'snapshot',
    module: SnapshotModule.forRoot(runtime, platform, logger.child('group-snapshot')),
    port: config.httpPort,
    host: config.httpHost,
    microservices: [runtime.transport],
    openapi: {
      title: 'Tandem snapshot',
      version: '1',
      description: 'Rules (Stork or Tandem YAML) and application-consistent group snapshots: pre rule, one capture of every volume of the application, post rule.',
    },
    logger,
    tracing,
  });
}

main().catch((err: unknown) => {
  createLogger('snapshot').fatal('snapshot could not start', { err });
  process.exit(1);
});
