import { env, readConfig, serviceRuntimeConfig } from '@tandem/service';

/** The scheduler's configuration; the only reader of process.env. Bad values stop the boot with the reason. */
export const loadConfig = (source: NodeJS.ProcessEnv = process.env) =>
  readConfig(
    {
      ...serviceRuntimeConfig,
      /**
       * Longest time between two looks for due schedules. The loop sleeps until the next schedule is due when that
       * is sooner, so this bounds how late a change made through another replica (a resume) is noticed.
       */
      tickIntervalMs: env.int('TANDEM_SCHEDULER_TICK_INTERVAL_MS', { default: 500, min: 10, max: 60_000 }),
      /** Due schedules claimed and fired in one transaction. */
      batchSize: env.int('TANDEM_SCHEDULER_BATCH_SIZE', { default: 100, min: 1, max: 5_000 }),
    },
    source,
  );
export type SchedulerConfig = ReturnType<typeof loadConfig>;
