import { createLogger, initTracing } from '@tandem/observability';
import { MESSAGING_MIGRATIONS, SAGA_MIGRATIONS } from '@tandem/persistence';
import { SagaEngine, SagaTimerPoller } from '@tandem/saga-runtime';
import { defaultSagas } from '@tandem/sagas';
import { bootstrapService, startServiceRuntime } from '@tandem/service';
import { loadConfig } from './config';
import { CoordinatorModule } from './coordinator.module';

async function main(): Promise<void> {
  const config = loadConfig();
  const tracing = initTracing({ service: 'coordinator', otlpEndpoint: config.otlpEndpoint, spansFile: config.spansFile });
  const logger = createLogger('coordinator', { level: config.logLevel });
  const runtime = await startServiceRuntime({
    name: 'coordinator',
    config,
    migrations: [...MESSAGING_MIGRATIONS, ...SAGA_MIGRATIONS],
    logger,
  });
  const engine = new SagaEngine({ db: runtime.db, outbox: runtime.outbox, registry: defaultSagas(), logger: logger.child('sagas') });
  const timers = new SagaTimerPoller({ db: runtime.db, engine, logger: logger.child('saga-timers'), intervalMs: config.timerIntervalMs });
  await bootstrapService({
    name: 'coordinator',
    module: CoordinatorModule.forRoot(runtime, engine, timers),
    port: config.httpPort,
    host: config.httpHost,
    microservices: [runtime.transport],
    openapi: { title: 'Tandem coordinator', version: '1', description: 'Runs sagas (protect, failover, failback, drill, self-test).' },
    logger,
    tracing,
  });
}

main().catch((err: unknown) => {
  createLogger('coordinator').fatal('coordinator could not start', { err });
  process.exit(1);
});
