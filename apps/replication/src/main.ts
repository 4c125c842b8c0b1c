import { createLogger, initTracing } from '@tandem/observability';
import { MESSAGING_MIGRATIONS } from '@tandem/persistence';
import { bootstrapService, startServiceRuntime } from '@tandem/service';
import { loadConfig } from './config';
import { Replication1764115600000 } from './migrations/1764115600000-replication.migration';
import { ReplicationModule } from './replication.module';
import { collectRpoAtScrape } from './rpo/rpo.gauge';
import { RpoWatch } from './rpo/rpo.watch';

async function main(): Promise<void> {
  const config = loadConfig();
  const tracing = initTracing({ service: 'replication', otlpEndpoint: config.otlpEndpoint, spansFile: config.spansFile });
  const logger = createLogger('replication', { level: config.logLevel });
  const runtime = await startServiceRuntime({
    name: 'replication',
    config,
    migrations: [...MESSAGING_MIGRATIONS, Replication1764115600000],
    logger,
  });
  collectRpoAtScrape(runtime.db, logger.child('metrics'));
  const watch = new RpoWatch({ db: runtime.db, outbox: runtime.outbox, logger: logger.child('rpo'), checkMs: config.rpoCheckMs });
  logger.info('replication service of cluster domain', { domain: config.domain, rpoCheckMs: config.rpoCheckMs });
  await bootstrapService({
    name: 'replication',
    module: ReplicationModule.forRoot(runtime, watch),
    port: config.httpPort,
    host: config.httpHost,
    microservices: [runtime.transport],
    openapi: {
      title: 'Tandem replication',
      version: '1',
      description:
        "Restores recovery points on the destination through its domain's agents, records committed recovery points, and tracks each application's RPO (alerting past twice its interval).",
    },
    logger,
    tracing,
  });
}

main().catch((err: unknown) => {
  createLogger('replication').fatal('replication could not start', { err });
  process.exit(1);
});
