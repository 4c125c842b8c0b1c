import { rm } from 'node:fs/promises';
import { delimiter } from 'node:path';
import { failoverSagaId } from '@tandem/sagas';
import { tempDir, testPostgresUrl, uniqueName, waitFor } from '@tandem/testing';
import { APP_NAMESPACE, DR_SITE, type FailoverView, PRIMARY, TwoSiteLab } from './index';

// The coordinator of the site taking over is SIGKILLed in the middle of a failover — while the source is being
// stopped and its last writes migrated — and started again: the failover completes, once. Its saga is one saga with
// each step done once, the source ran one last-mile migration, and dr-site serves every acknowledged row.

interface SagaLog {
  phase: string;
  log: { type: string; step?: string; action?: string }[];
}

describe('a failover whose coordinator is killed midway', () => {
  let dir: string;
  let lab: TwoSiteLab | undefined;

  beforeAll(async () => {
    dir = await tempDir('failover-crash');
    lab = await TwoSiteLab.start({
      dir,
      databaseUrl: testPostgresUrl(),
      databasePrefix: uniqueName('focr'),
      searchPath: (process.env.PATH ?? '').split(delimiter).filter(Boolean),
    });
  }, 600_000);
  afterAll(async () => {
    await lab?.stop();
    await rm(dir, { recursive: true, force: true });
  });

  it('completes once after the coordinator comes back', async () => {
    await waitFor(async () => (await lab!.coordinatorMigrations(PRIMARY)).filter((m) => m.status === 'Successful').length >= 2, {
      what: 'two successful migrations',
      timeoutMs: 300_000,
      intervalMs: 500,
    });
    const started = await lab!.failover();
    const name = started.failover;
    const view = async (): Promise<FailoverView | undefined> => lab!.failoverView(name, DR_SITE).catch(() => undefined);

    // Kill it while the source is being stopped (the longest step: the pods must go, then the last-mile migration).
    await waitFor(async () => ((await view())?.stage === 'prepare-source' ? true : undefined), { what: 'the failover at prepare-source', timeoutMs: 120_000, intervalMs: 100 });
    const coordinator = lab!.service(DR_SITE, 'coordinator');
    const exit = await coordinator.kill('SIGKILL');
    expect(exit.signal).toBe('SIGKILL');
    await coordinator.restart();

    const ended = await waitFor(
      async () => {
        const v = await view();
        return v && v.status !== 'InProgress' ? v : undefined;
      },
      { what: `failover ${name} to end`, timeoutMs: 600_000, intervalMs: 500 },
    );
    expect(ended).toMatchObject({ status: 'Successful', stage: 'Done', sourceReachable: true, sourceStopped: true });

    // One saga, each step succeeded once.
    const failovers = (await (await fetch(`${lab!.url(DR_SITE, 'coordinator')}/v1/failovers?namespace=${APP_NAMESPACE}`)).json()) as { items: FailoverView[] };
    expect(failovers.items.map((f) => f.name)).toEqual([name]);
    const saga = (await (await fetch(`${lab!.url(DR_SITE, 'coordinator')}/v1/sagas/${failoverSagaId(APP_NAMESPACE, name)}`)).json()) as SagaLog;
    const succeeded = saga.log.filter((e) => e.type === 'StepSucceeded').map((e) => `${e.step}:${e.action}`);
    expect(succeeded).toEqual(['probe-source:do', 'prepare-source:do', 'fence-source:do', 'activate-destination:do', 'activate-application:do']);

    // The source ran one last-mile migration.
    const lastMiles = (await lab!.coordinatorMigrations(PRIMARY)).filter((m) => m.name.includes('-lastmile-'));
    expect(lastMiles.map((m) => m.status)).toEqual(['Successful']);

    // dr-site serves every acknowledged row.
    const acks = await lab!.writerAcks();
    const present = new Set((await lab!.drPsql('SELECT id FROM ledger')).split('\n').filter(Boolean).map(Number));
    expect(acks.length).toBeGreaterThan(50);
    expect(acks.filter((a) => !present.has(a.id)).map((a) => a.id)).toEqual([]);
  }, 900_000);
});
