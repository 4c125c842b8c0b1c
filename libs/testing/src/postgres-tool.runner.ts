import { execFile, spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';

const execFileAsync = promisify(execFile);

/** Runs a Postgres server tool (initdb, pg_ctl) from one bin dir, as an OS user the server accepts. */
export interface ToolRunner {
  (tool: string, args: string[]): Promise<void>;
  /** Synchronous, errors ignored: for `process.on('exit')`. */
  sync(tool: string, args: string[]): void;
}

/**
 * initdb and postgres refuse to run as root. When we are root, the tools run as the `postgres` OS user through
 * `runuser`, and `dir` (where the cluster lives) is handed to that user first.
 */
export async function postgresToolRunner(binDir: string, dir: string): Promise<ToolRunner> {
  const asPostgres = process.getuid?.() === 0;
  if (asPostgres) await handOverToPostgresUser(dir);
  const command = (tool: string, args: string[]): [string, string[]] =>
    asPostgres ? ['runuser', ['-u', 'postgres', '--', join(binDir, tool), ...args]] : [join(binDir, tool), args];

  const run = async (tool: string, args: string[]): Promise<void> => {
    const [file, argv] = command(tool, args);
    try {
      await execFileAsync(file, argv, { cwd: dir, timeout: 120_000 });
    } catch (error) {
      const { stdout, stderr, message } = error as Error & { stdout?: string; stderr?: string };
      const output = `${stdout ?? ''}${stderr ?? ''}`.trim();
      throw new Error(`${tool} failed: ${message.split('\n')[0]}${output ? `\n${output}` : ''}`, { cause: error });
    }
  };
  return Object.assign(run, {
    sync: (tool: string, args: string[]): void => {
      const [file, argv] = command(tool, args);
      spawnSync(file, argv, { cwd: dir, stdio: 'ignore', timeout: 30_000 });
    },
  });
}

async function handOverToPostgresUser(dir: string): Promise<void> {
  try {
    await execFileAsync('chown', ['-R', 'postgres:postgres', dir]);
  } catch (error) {
    throw new Error(
      `running as root, the Postgres tools must run as the 'postgres' OS user, but ${dir} could not be given to it: ` +
        `${(error as Error).message.trim()}. Install the PostgreSQL server package (it creates that user).`,
      { cause: error },
    );
  }
  try {
    await execFileAsync('runuser', ['-u', 'postgres', '--', 'test', '-w', dir, '-a', '-x', dir]);
  } catch (error) {
    throw new Error(
      `the 'postgres' OS user cannot reach ${dir}: a parent directory is closed to it. ` +
        'Use a directory whose parents other users may traverse (a directory made by tempDir() itself works).',
      { cause: error },
    );
  }
}
