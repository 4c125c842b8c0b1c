// Cleanup that must happen even when the bench is interrupted (Ctrl-C): stopping processes, dropping databases.
const tasks = new Set<() => Promise<void>>();

/** Registers `task`; the returned function runs it (once) and unregisters it. */
export function deferCleanup(task: () => Promise<void>): () => Promise<void> {
  let done: Promise<void> | undefined;
  const run = () => {
    tasks.delete(run);
    return (done ??= task().catch((err: unknown) => {
      process.stderr.write(`cleanup failed: ${err instanceof Error ? err.message : String(err)}\n`);
    }));
  };
  tasks.add(run);
  return run;
}

/** On SIGINT or SIGTERM, runs every registered cleanup (newest first) and exits. */
export function cleanUpOnSignals(): void {
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    process.once(signal, () => {
      process.stderr.write(`\n${signal}: cleaning up\n`);
      void (async () => {
        for (const task of [...tasks].reverse()) await task();
        process.exit(130);
      })();
    });
  }
}
