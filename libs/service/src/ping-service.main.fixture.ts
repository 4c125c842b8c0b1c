// Runs the ping fixture as a real process (see bootstrap.int.spec.ts): node -r ./scripts/register.cjs <this file>
import { createLogger } from '@tandem/observability';
import { bootstrapService } from './bootstrap';
import { PingModule, RecordingTransport } from './ping-service.fixture';

const logger = createLogger('ping');
const transport = new RecordingTransport((call) => logger.info(`transport ${call}`));

bootstrapService({
  name: 'ping',
  module: PingModule,
  port: 0,
  host: '127.0.0.1',
  microservices: [transport],
  openapi: { title: 'Ping', version: '1.0.0', description: 'test service' },
  logger,
}).catch((error: unknown) => {
  logger.fatal('ping could not start', { err: error });
  process.exit(1);
});
