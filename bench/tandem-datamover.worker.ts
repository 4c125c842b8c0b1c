import { readFileSync, writeFileSync } from 'node:fs';

// One Tandem datamover operation as its own process, so the datamover bench measures its wall time and peak
// memory the way it measures restic's and rsync's. Settings are the JSON in argv[2]; the result (the library's
// stats, and how the process's time divides into start-up and the operation) is written to `resultFile`.
// Run by bench/datamover-tandem.ts under GNU time: `node -r scripts/register.cjs <this file> '<json>'`.

export interface TandemWorkerSettings {
  /** `load` only loads the library: the start-up cost and memory floor of every operation. */
  op: 'backup' | 'restore' | 'load';
  storeDir: string;
  /** A file with the base64 master key. */
  keyFile: string;
  volume: string;
  /** backup: the directory to back up. */
  source?: string;
  /** restore: the directory to create, and the recovery point to restore. */
  target?: string;
  recoveryPointId?: string;
  resultFile: string;
  /** backup: the average chunk size of a repository this backup creates (default: the library's). */
  avgChunkBytes?: number;
  /** backup: the pack size (default: the library's). */
  packBytes?: number;
}

async function main(): Promise<void> {
  const settings = JSON.parse(process.argv[2] ?? '') as TandemWorkerSettings;
  const loadStarted = performance.now();
  // Loaded here rather than at the top so that the result can say how long loading (and transpiling) took.
  const { backup, parseMasterKey, restore } = await import('@tandem/datamover');
  const { FsObjectStore } = await import('@tandem/objectstore');
  const loadMs = performance.now() - loadStarted;
  const store = new FsObjectStore(settings.storeDir);
  const key = parseMasterKey(readFileSync(settings.keyFile, 'utf8'));
  const progress: { at_ms: number; bytes_done: number; bytes_total: number; files_done: number; files_total: number }[] = [];
  const opStarted = performance.now();
  const onProgress = (p: { bytesDone: number; bytesTotal: number; filesDone: number; filesTotal: number }) =>
    progress.push({ at_ms: Math.round(performance.now() - opStarted), bytes_done: p.bytesDone, bytes_total: p.bytesTotal, files_done: p.filesDone, files_total: p.filesTotal });
  let result: Record<string, unknown>;
  if (settings.op === 'load') {
    result = {};
  } else if (settings.op === 'backup') {
    const r = await backup({
      store,
      key,
      volume: settings.volume,
      source: required(settings.source, 'source'),
      onProgress,
      progressIntervalMs: 1000,
      ...(settings.avgChunkBytes ? { chunker: { avgSize: settings.avgChunkBytes } } : {}),
      ...(settings.packBytes ? { packSize: settings.packBytes } : {}),
    });
    result = { recoveryPointId: r.recoveryPointId, manifestKey: r.manifestKey, stats: { ...r.stats, skipped: r.stats.skipped.length }, warnings: r.warnings };
  } else {
    const r = await restore({
      store,
      key,
      recoveryPoint: { volume: settings.volume, recoveryPointId: required(settings.recoveryPointId, 'recoveryPointId') },
      target: required(settings.target, 'target'),
      onProgress,
      progressIntervalMs: 1000,
    });
    result = { recoveryPointId: r.recoveryPointId, manifestKey: r.manifestKey, stats: r.stats, warnings: r.warnings };
  }
  const opMs = performance.now() - opStarted;
  writeFileSync(
    settings.resultFile,
    JSON.stringify({
      ...result,
      timing: {
        // From the process's start to the first line of this file: Node itself plus the TypeScript loader.
        node_start_ms: Math.round(loadStarted),
        load_modules_ms: Math.round(loadMs),
        operation_ms: Math.round(opMs),
      },
      progress,
    }),
  );
}

function required(value: string | undefined, name: string): string {
  if (!value) throw new Error(`the worker's settings lack "${name}"`);
  return value;
}

main().then(
  () => process.exit(0),
  (err: unknown) => {
    process.stderr.write(`tandem-datamover worker failed: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
    process.exit(1);
  },
);
