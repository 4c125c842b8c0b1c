import { execFileSync } from 'node:child_process';
import { mkdir, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { tempDir } from '@tandem/testing';
import { cleanUpOnSignals, deferCleanup } from './cleanup';
import { generateDataset } from './datamover-dataset';
import { describeDatamoverEnvironment } from './datamover-environment';
import { KopiaTool, kopiaBinary } from './datamover-kopia';
import { mutateDataset } from './datamover-mutation';
import { ResticTool } from './datamover-restic';
import { RsyncTool } from './datamover-rsync';
import { TandemTool } from './datamover-tandem';
import type { BackupPhase, DataMoverTool } from './datamover-tool';
import { describeSettings, disturbances, evaluateGoals, record, summaryLines, timeBreakdown, ToolColumn } from './datamover.summary';
import { Flags, UsageError } from './flags';
import { round } from './stats';
import { waitForQuiet } from './quiet-machine';
import { hashTree, treeDifferences } from './tree-hash';

const RESULTS_DIR = join(__dirname, 'results');
const GiB = 2 ** 30;
/** Cores used by processes that are not the bench's above which a phase's numbers are not representative. */
const DISTURBED_CORES = 0.3;

/**
 * `npm run bench -- datamover`: Tandem's datamover side by side with restic, rsync (and kopia when
 * scripts/bench-tools.sh --kopia built it) on one generated dataset: a full backup, an incremental one after
 * about 1 % of the bytes changed, one with nothing changed, and a restore into an empty directory that must be
 * identical to the dataset. Every operation is a process of its own, measured for time and peak memory. Writes
 * bench/results/datamover.json and prints a summary.
 */
export async function runDatamoverBench(values: Record<string, string>): Promise<void> {
  const flags = new Flags(values);
  const bytes = flags.int('bytes', GiB);
  const changePct = flags.int('change-pct', 1);
  const seed = `tandem-datamover-${flags.int('seed', 1)}`;
  const withTandem = flags.int('tandem', 1) === 1;
  const withKopia = flags.int('kopia', 1) === 1;
  const withRestic = flags.int('restic', 1) === 1;
  const withRsync = flags.int('rsync', 1) === 1;
  /** Tandem's average chunk size in KiB for the repository the bench creates (0: the library's default). */
  const avgChunkKiB = flags.int('tandem-avg-chunk-kib', 0);
  /** Tandem's pack size in MiB (0: the library's default). */
  const packMiB = flags.int('tandem-pack-mib', 0);
  const keep = flags.int('keep', 0) === 1;
  const profile = flags.int('profile', 0) === 1;
  /** Before each measured run, wait up to this many seconds for the machine to be quiet (0: do not wait). */
  const quietWaitS = flags.int('quiet-wait', 60);
  flags.checkAllUsed();
  if (bytes < 1024 * 1024) throw new UsageError(`--bytes=${bytes}: use at least 1 MiB`);
  const missing = [...(withRestic ? ['restic'] : []), ...(withRsync ? ['rsync'] : [])].filter((p) => !onPath(p));
  if (missing.length > 0) throw new UsageError(`${missing.join(' and ')} not installed: run \`bash scripts/bench-tools.sh\` first`);
  cleanUpOnSignals();

  const started = Date.now();
  const workDir = await tempDir('bench-datamover');
  const removeWorkDir = deferCleanup(() => (keep ? Promise.resolve() : rm(workDir, { recursive: true, force: true })));
  try {
    const source = join(workDir, 'dataset');
    print(`generating ${round(bytes / 2 ** 20, 0)} MiB of data in ${source}`);
    const genStarted = Date.now();
    const dataset = await generateDataset(source, bytes, seed);
    const generateS = round((Date.now() - genStarted) / 1000, 1);

    const profileDir = profile ? join(RESULTS_DIR, 'profiles') : undefined;
    if (profileDir) await mkdir(profileDir, { recursive: true });
    const kopia = withKopia ? kopiaBinary() : undefined;
    const tools: DataMoverTool[] = [
      ...(withTandem ? [new TandemTool(workDir, source, profileDir, { avgChunkKiB, packMiB })] : []),
      ...(withRestic ? [new ResticTool(workDir, source)] : []),
      ...(kopia ? [new KopiaTool(kopia, workDir, source)] : []),
      ...(withRsync ? [new RsyncTool(workDir, source)] : []),
    ];
    const columns: Record<string, ToolColumn> = Object.fromEntries(tools.map((t) => [t.name, { version: t.version, does: t.does, phases: {} }]));
    const quiet: { phase: string; tool: string; waited_s: number; busy_cores: number }[] = [];
    const live = async (what: string, work: (tool: DataMoverTool, column: ToolColumn) => Promise<void>, measured = true) => {
      for (const tool of tools) {
        const column = columns[tool.name]!;
        if (column.error) continue;
        if (measured && quietWaitS > 0) quiet.push({ phase: what, tool: tool.name, ...(await waitForQuiet(DISTURBED_CORES, quietWaitS)) });
        try {
          await work(tool, column);
        } catch (err) {
          column.error = `${what}: ${err instanceof Error ? err.message : String(err)}`;
          print(`${tool.name}: ${what} failed: ${column.error}`);
        }
      }
    };
    await live(
      'prepare',
      async (tool, column) => {
        const notes = await tool.prepare();
        if (notes) column.prepare = notes;
      },
      false,
    );
    const backups = async (phase: BackupPhase) =>
      live(phase, async (tool, column) => {
        const r = await tool.backup(phase);
        record(column, phase, r);
        print(`${phase}: ${tool.name} ${r.measured.wall_s} s, wrote ${round((r.uploaded_bytes ?? 0) / 2 ** 20, 1)} MiB, peak RSS ${r.measured.peak_rss_mb} MB`);
      });

    await backups('full');
    const mutation = await mutateDataset(dataset, changePct);
    print(`changed ${round(mutation.changed_bytes / 2 ** 20, 1)} MiB (${mutation.new_files} new, ${mutation.deleted_files} deleted, ${mutation.renamed_files} renamed files)`);
    await backups('incremental');
    await backups('noop');

    const expected = await hashTree(source);
    await live('restore', async (tool, column) => {
      const target = join(workDir, `restore-${tool.name}`);
      const r = await tool.restore(target);
      record(column, 'restore', r);
      const restored = await hashTree(target);
      const differences = treeDifferences(expected, restored);
      column.verified = differences.length === 0;
      if (!column.verified) {
        column.verified_loosely = {
          mtimes_within_2us: treeDifferences(expected, restored, 1, 'mtime-us').length === 0,
          ignoring_mtimes: treeDifferences(expected, restored, 1, 'no-mtimes').length === 0,
        };
        column.restore_differences = differences;
      }
      print(`restore: ${tool.name} ${r.measured.wall_s} s, ${column.verified ? 'identical' : `DIFFERENT: ${differences[0]}`}`);
      if (!keep) await rm(target, { recursive: true, force: true });
    });
    await live(
      'stored bytes',
      async (tool, column) => {
        const { bytes: storedBytes, files } = await tool.stored();
        column.stored_bytes = storedBytes;
        column.stored_files = files;
      },
      false,
    );

    for (const c of Object.values(columns)) {
      if (c.incremental_uploaded_bytes !== undefined) c.incremental_upload_ratio = round(c.incremental_uploaded_bytes / mutation.changed_bytes, 2);
    }
    const summary = { bytes: dataset.bytes, files: dataset.files.length, changed_bytes: mutation.changed_bytes };
    const goals = evaluateGoals(columns, mutation.changed_bytes);
    const disturbed = disturbances(columns, DISTURBED_CORES);
    const report = {
      bench: 'datamover',
      at: new Date().toISOString(),
      dataset: {
        ...summary,
        seed,
        dirs: dataset.dirs,
        symlinks: dataset.symlinks,
        compressible_bytes: dataset.compressible_bytes,
        generate_s: generateS,
        after_change: { files: mutation.files_after, bytes: mutation.bytes_after, tree_sha256: expected.digest },
        change: mutation,
      },
      tools: columns,
      what_each_does: Object.fromEntries(Object.entries(columns).map(([name, c]) => [name, c.does])),
      verified: Object.values(columns).every((c) => c.verified === true),
      goals,
      where_the_time_goes: timeBreakdown(columns),
      ...(disturbed.length > 0
        ? { warning: `processes not started by the bench used more than ${DISTURBED_CORES} cores during: ${disturbed.join(', ')}; those numbers are slower than this machine can do` }
        : {}),
      environment: describeDatamoverEnvironment(workDir, Object.fromEntries(tools.map((t) => [t.name, t.version]))),
      settings: {
        ...describeSettings({ bytes, changePct, order: tools.map((t) => t.name), kopia, withKopia, quietWaitS, quiet }),
        tandem_avg_chunk_kib: avgChunkKiB || 'library default',
        tandem_pack_mib: packMiB || 'library default',
      },
      bench_seconds: Math.round((Date.now() - started) / 1000),
    };
    await mkdir(RESULTS_DIR, { recursive: true });
    // A smaller or partial run does not overwrite the report of the full one.
    const complete = bytes === GiB && withTandem && withRestic && withRsync && avgChunkKiB === 0 && packMiB === 0;
    const file = join(RESULTS_DIR, complete ? 'datamover.json' : 'datamover.partial.json');
    await writeFile(file, `${JSON.stringify(report, null, 2)}\n`);
    print(['', ...summaryLines(summary, columns, goals), ...(report.warning ? [`WARNING: ${report.warning}`] : []), `wrote ${file}; the bench took ${report.bench_seconds} s`].join('\n'));
  } finally {
    await removeWorkDir();
  }
}

function onPath(program: string): boolean {
  try {
    execFileSync('sh', ['-c', `command -v ${program}`], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

function print(line: string): void {
  process.stdout.write(`${line}\n`);
}
