import { type ChildProcess, execFile, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { closeSync, openSync } from 'node:fs';
import { chmod, copyFile, mkdir, mkdtemp, readdir, readFile, readlink, rm, symlink } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { freePort, waitFor } from '@tandem/testing';
import { Client } from 'pg';
import { postgresOsUser } from './postgres-app.manifests';

const execFileAsync = promisify(execFile);

/** Left out of the copy: the running server's lock and options, which a server started on the copy must not see. */
const NOT_COPIED = new Set(['postmaster.pid', 'postmaster.opts']);

export interface PostgresOnCopy {
  /** Connected (over the copy's Unix socket, as postgres) once the server accepts connections. */
  client: Client;
  /** The server's process (its postmaster). */
  pid: number;
  port: number;
  /** The copied data directory and the server's log. */
  dataDir: string;
  logFile: string;
  /** Ends the client, stops the server (fast shutdown, SIGKILL after 10 s) and removes the copy. */
  stop(): Promise<void>;
}

/**
 * Copies `<volumeDir>/pgdata` into a new directory under `copiesDir` and starts a PostgreSQL server on the copy (its
 * own port and socket, as the postgres OS user when running as root). Resolves once the server accepts connections:
 * crash recovery is done and the copy is usable. The data files are copied first, then `global/pg_control`, then
 * `pg_wal`, so that a copy of a running server holds every WAL record its pages and its checkpoint need, as after
 * a crash.
 */
export async function startPostgresOnCopy(volumeDir: string, binDir: string, copiesDir: string): Promise<PostgresOnCopy> {
  const source = join(volumeDir, 'pgdata');
  try {
    await readFile(join(source, 'PG_VERSION'));
  } catch {
    throw new Error(`${source} holds no PostgreSQL data directory (no PG_VERSION): pass the directory of a volume the pg StatefulSet wrote`);
  }
  const root = join(copiesDir, `copy-${randomBytes(4).toString('hex')}`);
  const dataDir = join(root, 'pgdata');
  const logFile = join(root, 'postgres.log');
  await mkdir(copiesDir, { recursive: true, mode: 0o711 });
  await chmod(copiesDir, 0o711);
  await mkdir(root, { recursive: true });
  // A Unix socket's path must stay under 108 bytes, which a directory inside the lab may not.
  const socketDir = await mkdtemp(join(tmpdir(), 'tandem-pgsock-'));
  await copyTree(source, dataDir, (relative) => relative !== 'pg_wal' && relative !== join('global', 'pg_control') && !NOT_COPIED.has(relative));
  await copyFile(join(source, 'global', 'pg_control'), join(dataDir, 'global', 'pg_control'));
  await copyTree(join(source, 'pg_wal'), join(dataDir, 'pg_wal'), () => true);
  await chmod(dataDir, 0o700);
  const user = postgresOsUser();
  if (user) await execFileAsync('chown', ['-R', `${user.uid}:${user.gid}`, root, socketDir]);

  const port = await freePort();
  const log = openSync(logFile, 'a');
  let child: ChildProcess;
  try {
    child = spawn(join(binDir, 'postgres'), ['-D', dataDir, '-p', String(port), '-k', socketDir, '-c', 'listen_addresses=127.0.0.1', '-c', 'autovacuum=off'], {
      stdio: ['ignore', log, log],
      detached: true,
      ...(user ? { uid: user.uid, gid: user.gid } : {}),
    });
  } finally {
    closeSync(log);
  }
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const gone = new AbortController();
  void exited.then(() => gone.abort(new Error(`postgres exited; its log is ${logFile}`)));
  const stopServer = async (): Promise<void> => {
    if (child.exitCode !== null || child.signalCode !== null) return;
    child.kill('SIGINT');
    const killer = setTimeout(() => child.kill('SIGKILL'), 10_000);
    await exited;
    clearTimeout(killer);
  };

  let client: Client | undefined;
  try {
    client = await waitFor(
      async () => {
        const candidate = new Client({ host: socketDir, port, user: 'postgres', database: 'postgres' });
        candidate.on('error', () => undefined);
        try {
          await candidate.connect();
          await candidate.query('SELECT 1');
          return candidate;
        } catch (error) {
          await candidate.end().catch(() => undefined);
          throw error;
        }
      },
      { what: `PostgreSQL on the copy ${dataDir} to accept connections`, timeoutMs: 120_000, intervalMs: 200, signal: gone.signal },
    );
  } catch (error) {
    await stopServer();
    await rm(socketDir, { recursive: true, force: true });
    const tail = await readFile(logFile, 'utf8').then((text) => text.split('\n').slice(-30).join('\n'), () => '');
    throw new Error(`${(error as Error).message}\nlast lines of ${logFile}:\n${tail}`, { cause: error });
  }
  const connected = client;
  return {
    client: connected,
    pid: child.pid as number,
    port,
    dataDir,
    logFile,
    stop: async () => {
      await connected.end().catch(() => undefined);
      await stopServer();
      await rm(root, { recursive: true, force: true });
      await rm(socketDir, { recursive: true, force: true });
    },
  };
}

/** Copies a directory tree, skipping what `keep` refuses (paths relative to `from`) and files that vanish meanwhile. */
async function copyTree(from: string, to: string, keep: (relative: string) => boolean, relative = ''): Promise<void> {
  await mkdir(to, { recursive: true, mode: 0o700 });
  let entries;
  try {
    entries = await readdir(from, { withFileTypes: true });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return;
    throw error;
  }
  for (const entry of entries) {
    const path = relative ? join(relative, entry.name) : entry.name;
    if (!keep(path)) continue;
    const source = join(from, entry.name);
    const target = join(to, entry.name);
    try {
      if (entry.isDirectory()) await copyTree(source, target, keep, path);
      else if (entry.isSymbolicLink()) await symlink(await readlink(source), target);
      else if (entry.isFile()) await copyFile(source, target);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
    }
  }
}
