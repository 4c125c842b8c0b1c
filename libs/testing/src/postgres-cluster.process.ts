import { existsSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { freePort } from './free-port.util';
import { readFileTail } from './log-tail.util';
import { postgresBinDir } from './postgres.binaries';
import { postgresToolRunner } from './postgres-tool.runner';

export interface PostgresClusterOptions {
  /** Port on 127.0.0.1. Default: a free one. */
  port?: number;
  /** Leave the server running when this process exits (default: stop it then, so nothing leaks). */
  keepRunningOnExit?: boolean;
}

export interface PostgresCluster {
  /** `postgres://postgres@127.0.0.1:<port>/postgres` (trust auth). */
  readonly url: string;
  readonly port: number;
  readonly dataDir: string;
  /** Directory of the Unix socket (kept inside the cluster dir, not /var/run/postgresql). */
  readonly socketDir: string;
  readonly logFile: string;
  /** Fast shutdown; waits until the server is down. Safe to call twice. */
  stop(): Promise<void>;
}

/**
 * A throwaway Postgres cluster in `dir` (data/, socket/, postgres.log): initdb (once; an existing cluster in
 * `dir` is reused) with trust auth for user postgres, then pg_ctl start on 127.0.0.1. As root, initdb and the
 * server run as the `postgres` OS user, which then owns `dir`.
 */
export async function startPostgresCluster(dir: string, options: PostgresClusterOptions = {}): Promise<PostgresCluster> {
  const root = resolve(dir);
  if (/[\s'"\\$`]/.test(root)) {
    // pg_ctl hands the server options to a shell.
    throw new Error(`startPostgresCluster needs a directory path without spaces, quotes or shell characters: ${root}`);
  }
  const dataDir = join(root, 'data');
  const socketDir = join(root, 'socket');
  const logFile = join(root, 'postgres.log');
  await mkdir(socketDir, { recursive: true });
  const run = await postgresToolRunner(postgresBinDir(), root);

  if (!existsSync(join(dataDir, 'PG_VERSION'))) {
    await run('initdb', ['-D', dataDir, '-U', 'postgres', '--auth=trust', '-E', 'UTF8', '--locale=C', '--no-sync']);
  }
  const port = options.port ?? (await freePort());
  const serverOptions = `-p ${port} -k ${socketDir} -c listen_addresses=127.0.0.1`;
  try {
    await run('pg_ctl', ['-D', dataDir, '-l', logFile, '-o', serverOptions, '-w', '-t', '60', 'start']);
  } catch (error) {
    throw new Error(`${(error as Error).message}\nlast lines of ${logFile}:\n${await readFileTail(logFile, 30)}`, {
      cause: error,
    });
  }

  const stopOnExit = (): void => run.sync('pg_ctl', ['-D', dataDir, '-m', 'immediate', '-w', 'stop']);
  if (!options.keepRunningOnExit) process.once('exit', stopOnExit);
  let stopped = false;
  return {
    url: `postgres://postgres@127.0.0.1:${port}/postgres`,
    port,
    dataDir,
    socketDir,
    logFile,
    stop: async () => {
      if (stopped) return;
      stopped = true;
      process.removeListener('exit', stopOnExit);
      await run('pg_ctl', ['-D', dataDir, '-m', 'fast', '-w', '-t', '60', 'stop']);
    },
  };
}
