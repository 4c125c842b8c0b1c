import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { freePort, postgresBinDir, postgresStatefulSet } from '@tandem/testing';
import { TANDEM_FIELD_MANAGER } from '../model/annotations';
import type { ObjectRef } from '../model/kube-object';
import { eventually } from '../platform.contract';
import type { ExecResult, Platform, WorkloadStatus } from '../platform.port';
import { LabSiteProcess } from './fixtures/lab-site.process';

// A real PostgreSQL server as a StatefulSet on a lab site: initdb on its claim on first start, then postgres
// (as the postgres OS user when the site runs as root), ready once pg_isready says so. Rows written through
// exec survive scaling to 0 and back.
const ns = 'db';
const pg: ObjectRef = { apiVersion: 'apps/v1', kind: 'StatefulSet', namespace: ns, name: 'pg' };

async function reaches(platform: Platform, wanted: WorkloadStatus): Promise<void> {
  let last: WorkloadStatus | undefined;
  await eventually(async () => {
    last = await platform.workloadStatus(pg);
    return last.desired === wanted.desired && last.current === wanted.current && last.ready === wanted.ready;
  }, () => `StatefulSet pg to reach ${JSON.stringify(wanted)} (last ${JSON.stringify(last)})`, 110_000);
}

async function psql(platform: Platform, sql: string): Promise<ExecResult> {
  const [result] = await platform.exec({ namespace: ns, podSelector: { matchLabels: { app: 'pg' } }, command: ['psql', '-v', 'ON_ERROR_STOP=1', '-qAt', '-c', sql], single: true, timeoutMs: 30_000 });
  if (!result) throw new Error('no pg pod to run psql in');
  return result;
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

describe('PostgreSQL as a StatefulSet on a lab site', () => {
  let site: LabSiteProcess;
  afterAll(async () => {
    await site?.dispose();
  });

  it('initialises its claim, serves SQL through exec, and keeps its rows across scaling to 0 and back', async () => {
    site = await LabSiteProcess.create('postgres');
    const platform = await site.platform();
    await platform.apply({ apiVersion: 'v1', kind: 'Namespace', metadata: { name: ns } }, { fieldManager: TANDEM_FIELD_MANAGER });
    await platform.apply(postgresStatefulSet(ns, await freePort(), postgresBinDir()), { fieldManager: TANDEM_FIELD_MANAGER });
    await reaches(platform, { desired: 1, current: 1, ready: 1 }).catch((error: Error) => {
      throw new Error(`${error.message}\nlog of pg-0:\n${readFileSync(join(site.dir, 'logs', ns, 'pg-0.log'), 'utf8').slice(-3000)}`);
    });
    const [claim] = await platform.volumesFor(ns, ['data-pg-0']);
    expect(claim).toMatchObject({ claim: { name: 'data-pg-0' }, volumeName: expect.stringMatching(/^pvc-/), path: expect.any(String) });

    const created = await psql(platform, "create table orders (id int primary key, item text); insert into orders values (1, 'alpha'), (2, 'beta'), (3, 'gamma'); select id, item from orders order by id");
    expect(created).toMatchObject({ exitCode: 0, timedOut: false, stdout: '1|alpha\n2|beta\n3|gamma\n' });
    const whoami = await psql(platform, 'select current_user');
    expect(whoami.stdout).toBe('postgres\n');
    const serverPid = site.recordedPids().get(`${ns}/pg-0`) as number;
    expect(alive(serverPid)).toBe(true);

    await platform.scale(pg, 0);
    await reaches(platform, { desired: 0, current: 0, ready: 0 });
    expect(alive(serverPid)).toBe(false);
    expect(site.recordedPids().size).toBe(0);
    expect(await platform.exec({ namespace: ns, podSelector: { matchLabels: { app: 'pg' } }, command: ['true'], timeoutMs: 5_000 })).toEqual([]);

    await platform.scale(pg, 1);
    await reaches(platform, { desired: 1, current: 1, ready: 1 });
    const read = await psql(platform, 'select id, item from orders order by id');
    expect(read).toMatchObject({ exitCode: 0, stdout: '1|alpha\n2|beta\n3|gamma\n' });
    expect(await platform.volumesFor(ns, ['data-pg-0'])).toEqual([claim]);
  });
});
