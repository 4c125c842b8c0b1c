import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { cpus, totalmem } from 'node:os';
import { Client } from 'pg';
import { NatsServerHandle, pinnedNatsServerVersion, REPO_ROOT, testPostgresUrl } from '@tandem/testing';

/** What the numbers depend on besides the code: the machine, and the durability settings of NATS and Postgres. */
export async function describeEnvironment(nats: NatsServerHandle): Promise<Record<string, unknown>> {
  const client = new Client({ connectionString: testPostgresUrl() });
  await client.connect();
  try {
    const setting = async (name: string) => ((await client.query(`SELECT current_setting($1) AS v`, [name])).rows[0] as { v: string }).v;
    return {
      code: gitState(),
      node: process.version,
      cpus: cpus().length,
      cpu_model: cpus()[0]?.model,
      memory_gb: Math.round(totalmem() / 2 ** 30),
      nats_server: pinnedNatsServerVersion(),
      nats_sync_interval: natsSyncInterval(nats),
      postgres: {
        version: await setting('server_version'),
        fsync: await setting('fsync'),
        synchronous_commit: await setting('synchronous_commit'),
        shared_buffers: await setting('shared_buffers'),
      },
    };
  } finally {
    await client.end();
  }
}

/** The commit the services ran from, and whether apps/ or libs/ had changes on top of it. */
function gitState(): { commit: string; changed_apps_or_libs: boolean } | string {
  try {
    const git = (...args: string[]) => execFileSync('git', args, { cwd: REPO_ROOT, encoding: 'utf8' }).trim();
    return { commit: git('rev-parse', '--short', 'HEAD'), changed_apps_or_libs: git('status', '--porcelain', '--', 'apps', 'libs') !== '' };
  } catch {
    return 'unknown (not a git checkout)';
  }
}

/** The `sync_interval` of the running nats-server, read from the config file on its command line. */
function natsSyncInterval(nats: NatsServerHandle): string {
  try {
    const args = readFileSync(`/proc/${nats.pid}/cmdline`, 'utf8').split('\0');
    const config = readFileSync(args[args.indexOf('-c') + 1]!, 'utf8');
    return /sync_interval:\s*"?([^"\s]+)/.exec(config)?.[1] ?? 'default (2m)';
  } catch {
    return 'unknown';
  }
}
