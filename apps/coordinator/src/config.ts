import { env, readConfig, serviceRuntimeConfig } from '@tandem/service';

/** The coordinator's configuration; the only reader of process.env. Bad values stop the boot with the reason. */
export const loadConfig = (source: NodeJS.ProcessEnv = process.env) =>
  readConfig(
    {
      ...serviceRuntimeConfig,
      timerIntervalMs: env.int('TANDEM_SAGA_TIMER_INTERVAL_MS', { default: 200, min: 10, max: 60_000 }),
    },
    source,
  );
export type CoordinatorConfig = ReturnType<typeof loadConfig>;
