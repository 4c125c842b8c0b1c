import { createLogger, initTracing } from '@tandem/observability';
import { MESSAGING_MIGRATIONS } from '@tandem/persistence';
import { openPlatform } from '@tandem/platform';
import { bootstrapService, startServiceRuntime } from '@tandem/service';
import { loadConfig } from './config';
import { MigrationModule } from './migration.module';
import { Migration1764115500000 } from './migrations/1764115500000-migration.migration';
import { MigrationActivations1764152400000 } from './migrations/1764152400000-migration-activations.migration';

async function main(): Promise<void> {
  const config = loadConfig();
  const tracing = initTracing({ service: 'migration', otlpEndpoint: config.otlpEndpoint, spansFile: config.spansFile });
  const logger = createLogger('migration', { level: config.logLevel });
  const site = await openPlatform(config.platform);
  const runtime = await startServiceRuntime({
    name: 'migration',
    config,
    migrations: [...MESSAGING_MIGRATIONS, Migration1764115500000, MigrationActivations1764152400000],
    logger,
  });
  logger.info('site opened', { domain: config.domain, site: site.site, adapter: site.adapter });
  await bootstrapService({
    name: 'migration',
    module: MigrationModule.forRoot(runtime, site, { bindTimeoutMs: config.bindTimeoutMs }, logger),
    port: config.httpPort,
    host: config.httpHost,
    microservices: [runtime.transport],
    openapi: {
      title: 'Tandem migration',
      version: '1',
      description:
        "Applies an application's configuration on the destination for the protect path: prepares its volume claims there (bound, with the volume the agents reach) and migrates its resources (workloads kept at 0 replicas unless started); activates the migrated applications on this site (POST /v1/activations, or the failover's activate-applications: scaled up and waited for until ready). Each command is done once per requestId; its run is here.",
    },
    logger,
    tracing,
  });
}

main().catch((err: unknown) => {
  createLogger('migration').fatal('migration could not start', { err });
  process.exit(1);
});
