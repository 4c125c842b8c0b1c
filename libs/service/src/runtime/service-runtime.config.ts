import { LOG_LEVELS } from '@tandem/observability';
import { ConfigOf, env } from '../config';

/** The settings every Tandem service reads at boot (and only at boot). */
export const serviceRuntimeConfig = {
  databaseUrl: env.url('TANDEM_DATABASE_URL', { protocols: ['postgres', 'postgresql'] }),
  /** A file holding the database password (a mounted Secret), so the URL carries none. */
  databasePasswordFile: env.str('TANDEM_DATABASE_PASSWORD_FILE', { optional: true }),
  natsUrl: env.url('TANDEM_NATS_URL', { protocols: ['nats', 'tls'], default: 'nats://127.0.0.1:4222' }),
  busPrefix: env.str('TANDEM_BUS_PREFIX', { default: 'tandem' }),
  httpPort: env.int('TANDEM_HTTP_PORT', { default: 8080, min: 0, max: 65535 }),
  httpHost: env.str('TANDEM_HTTP_HOST', { default: '0.0.0.0' }),
  logLevel: env.enum('TANDEM_LOG_LEVEL', LOG_LEVELS, { default: 'info' }),
  otlpEndpoint: env.url('OTEL_EXPORTER_OTLP_ENDPOINT', { protocols: ['http', 'https'], optional: true }),
  spansFile: env.str('TANDEM_SPANS_FILE', { optional: true }),
  consumerConcurrency: env.int('TANDEM_CONSUMER_CONCURRENCY', { default: 16, min: 1, max: 256 }),
  maxAttempts: env.int('TANDEM_MESSAGE_MAX_ATTEMPTS', { default: 5, min: 1, max: 100 }),
};
export type ServiceRuntimeConfig = ConfigOf<typeof serviceRuntimeConfig>;
