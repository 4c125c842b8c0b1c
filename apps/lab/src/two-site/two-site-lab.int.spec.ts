import { readFileSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import { delimiter } from 'node:path';
import { tempDir, testPostgresUrl, uniqueName, waitFor } from '@tandem/testing';
import { pairStatus } from './pair-sites';
import { APP_NAMESPACE, DR_SITE, PRIMARY, TwoSiteLab } from './index';
import { SITE_APPS } from './two-site.plan';

// The two-site lab as `npm run lab` and the end-to-end tests start it, without the schedule: the sites are paired,
// PostgreSQL serves its writer on the primary, and a copy of its volume comes up as a server of its own.

/** Running, not a zombie (a process whose parent died is reaped by pid 1 whenever pid 1 gets to it). */
function alive(pid: number): boolean {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return !/^[ZX]$/.test(stat.slice(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3));
  } catch {
    return false;
  }
}

describe('the two-site lab', () => {
  let dir: string;
  let lab: TwoSiteLab | undefined;

  beforeAll(async () => {
    dir = await tempDir('two-site-lab');
    lab = await TwoSiteLab.start({
      dir,
      databaseUrl: testPostgresUrl(),
      databasePrefix: uniqueName('tsl'),
      schedule: false,
      searchPath: (process.env.PATH ?? '').split(delimiter).filter(Boolean),
    });
  }, 420_000);
  afterAll(async () => {
    await lab?.stop();
    await rm(dir, { recursive: true, force: true });
  });

  it('runs the whole control plane on both sites and pairs them both ways: both pairs are Ready', async () => {
    expect(lab!.absent).toEqual([]);
    for (const site of [PRIMARY, DR_SITE] as const) {
      for (const app of SITE_APPS) expect(lab!.has(`${site}/${app}`)).toBe(true);
    }
    expect(pairStatus(await lab!.clusterPair(PRIMARY))).toBe('Ready');
    expect(pairStatus(await lab!.clusterPair(DR_SITE))).toBe('Ready');
  });

  it('serves the application: the writer keeps getting inserts acknowledged and the ledger grows', async () => {
    const countRows = async (): Promise<number> => Number(await lab!.sourcePsql('SELECT count(*) FROM ledger'));
    const acksBefore = (await lab!.writerAcks()).length;
    const rowsBefore = await countRows();
    await waitFor(async () => (await lab!.writerAcks()).length >= acksBefore + 25, { what: '25 more acknowledged inserts', timeoutMs: 30_000 });
    await waitFor(async () => (await countRows()) >= rowsBefore + 25, { what: 'the ledger to grow by 25 rows', timeoutMs: 30_000 });

    const acks = await lab!.writerAcks();
    const ids = acks.map((ack) => ack.id);
    expect(ids).toEqual([...ids].sort((a, b) => a - b));
    expect(new Set(ids).size).toBe(ids.length);
    expect(await lab!.sourcePsql("SELECT string_agg(name || '=' || setting, ',' ORDER BY name) FROM pg_settings WHERE name IN ('fsync', 'autovacuum')")).toBe('autovacuum=off,fsync=on');
    const lastIds = ids.slice(-20);
    expect(Number(await lab!.sourcePsql(`SELECT count(*) FROM ledger WHERE id IN (${lastIds.join(',')})`))).toBe(lastIds.length);
  });

  it('starts PostgreSQL on a copy of the primary volume: it recovers and holds every insert acknowledged before the copy', async () => {
    const [volume] = await (await lab!.sourcePlatform()).volumesFor(APP_NAMESPACE, ['data-pg-0']);
    expect(volume?.path).toEqual(expect.any(String));
    const ackedBefore = (await lab!.writerAcks()).map((ack) => ack.id);
    expect(ackedBefore.length).toBeGreaterThan(0);

    const copy = await lab!.startPostgresOnCopy(volume!.path!);
    try {
      const { rows } = await copy.client.query<{ present: string }>('SELECT count(*) AS present FROM ledger WHERE id = ANY($1::bigint[])', [ackedBefore]);
      expect(Number(rows[0]!.present)).toBe(ackedBefore.length);
      expect((await copy.client.query<{ recovering: boolean }>('SELECT pg_is_in_recovery() AS recovering')).rows).toEqual([{ recovering: false }]);
      expect(alive(copy.pid)).toBe(true);
    } finally {
      await copy.stop();
    }
    expect(alive(copy.pid)).toBe(false);
  });

  it('kills a site at once (dr-site runs on), then stops everything it started: no process is left', async () => {
    const pids = lab!.processIds();
    expect(pids.length).toBeGreaterThanOrEqual(2 * 7 + 2 + 2 + 1);
    expect(pids.filter(alive)).toEqual(pids);

    await lab!.killSite(PRIMARY);
    const survivors = lab!.processIds();
    const primaryPids = pids.filter((pid) => !survivors.includes(pid));
    // Its 7 services, nats-server, lab-site server, and the pods pg and writer.
    expect(primaryPids.length).toBeGreaterThanOrEqual(7 + 1 + 1 + 2);
    expect(primaryPids.filter(alive)).toEqual([]);
    expect(survivors.filter(alive)).toEqual(survivors);
    await expect(lab!.fence(PRIMARY)).rejects.toThrow('site primary was killed');

    await lab!.stop();
    expect(pids.filter(alive)).toEqual([]);
  });
});
