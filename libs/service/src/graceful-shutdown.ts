import type { JsonLogger } from '@tandem/observability';

export interface ShutdownSignalsOptions {
  logger: JsonLogger;
  close: () => Promise<void>;
  timeoutMs: number;
  signals?: readonly NodeJS.Signals[];
}

/**
 * On the first SIGTERM or SIGINT: close, then exit 0 (exit 1 if closing fails or outlasts `timeoutMs`). A second
 * signal gets Node's default behaviour, so a second Ctrl-C stops a stuck process at once. Returns the remover.
 *
 * Nest's enableShutdownHooks() is not used: it runs onModuleDestroy (closing database pools) before it closes the
 * transports, so messages still being handled would fail; `close` stops intake first.
 */
export function installShutdownSignals(options: ShutdownSignalsOptions): () => void {
  const signals = options.signals ?? ['SIGTERM', 'SIGINT'];
  const onSignal = (signal: NodeJS.Signals): void => {
    remove();
    options.logger.info('shutting down', { signal, timeoutMs: options.timeoutMs });
    const timer = setTimeout(() => {
      options.logger.error('shutdown did not finish in time; exiting', { timeoutMs: options.timeoutMs });
      process.exit(1);
    }, options.timeoutMs);
    timer.unref();
    options.close().then(
      () => {
        options.logger.info('stopped', { signal });
        process.exit(0);
      },
      (error: unknown) => {
        options.logger.error('shutdown failed', { err: error });
        process.exit(1);
      },
    );
  };
  const remove = (): void => {
    for (const signal of signals) process.removeListener(signal, onSignal);
  };
  for (const signal of signals) process.once(signal, onSignal);
  return remove;
}
