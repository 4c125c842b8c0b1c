import { createLogger, initTracing } from '@tandem/observability';
import { MESSAGING_MIGRATIONS } from '@tandem/persistence';
import { bootstrapService, startServiceRuntime } from '@tandem/service';
import { loadConfig } from './config';
import { FiringLoop } from './firing/firing.loop';
import { ScheduleFirer } from './firing/schedule-firer';
import { Scheduler1764115400000 } from './migrations/1764115400000-scheduler.migration';
import { SchedulerModule } from './scheduler.module';

async function main(): Promise<void> {
  const config = loadConfig();
  const tracing = initTracing({ service: 'scheduler', otlpEndpoint: config.otlpEndpoint, spansFile: config.spansFile });
  const logger = createLogger('scheduler', { level: config.logLevel });
  const runtime = await startServiceRuntime({
    name: 'scheduler',
    config,
    migrations: [...MESSAGING_MIGRATIONS, Scheduler1764115400000],
    logger,
  });
  const firer = new ScheduleFirer({ db: runtime.db, outbox: runtime.outbox, logger: logger.child('firing'), batchSize: config.batchSize });
  const firing = new FiringLoop({ firer, db: runtime.db, logger: logger.child('firing'), tickIntervalMs: config.tickIntervalMs, batchSize: config.batchSize });
  await bootstrapService({
    name: 'scheduler',
    module: SchedulerModule.forRoot(runtime, firing),
    port: config.httpPort,
    host: config.httpHost,
    microservices: [runtime.transport],
    openapi: {
      title: 'Tandem scheduler',
      version: '1',
      description: 'Schedule policies and migration schedules (Stork or Tandem YAML); fires each due migration once, suspends and resumes, retains per policy.',
    },
    logger,
    tracing,
  });
}

main().catch((err: unknown) => {
  createLogger('scheduler').fatal('scheduler could not start', { err });
  process.exit(1);
});
