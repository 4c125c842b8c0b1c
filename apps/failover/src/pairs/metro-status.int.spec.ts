import { rm } from 'node:fs/promises';
import { join } from 'node:path';
import { type DataOf, LatencyMeasured, MigrationFinished } from '@tandem/contracts';
import { TestBus } from '@tandem/integration-testing';
import { createLabSite, type KubeObject, LabPlatform, LabSiteServer } from '@tandem/platform';
import {
  createTestDatabase,
  freePort,
  type NatsServerHandle,
  type ServiceProcess,
  startNatsServer,
  startServiceProcess,
  tempDir,
  type TestDatabase,
  uniqueName,
  waitFor,
} from '@tandem/testing';
import { parseAllDocuments } from 'yaml';
import { generateClusterPair } from './generate-pair';
import type { MetroStatus } from './metro-status';

interface PairView {
  status: { state: string; mode: string; metro?: MetroStatus };
}

/**
 * A metro pair seen from dr-site: two lab sites of one metro group (a shared stretched storage directory, each
 * served in this process), a real failover process on dr-site with its database and bus, and the test's seat on the
 * bus standing in for the agents (round trips) and for the migration that protected the application here.
 */
describe('failover service: degraded metro pairs', () => {
  let nats: NatsServerHandle;
  let db: TestDatabase;
  let failover: ServiceProcess;
  let bus: TestBus;
  let url: string;
  let stretchedDir: string;
  const dirs: string[] = [];
  const servers: LabSiteServer[] = [];
  let primary: LabPlatform;
  let drSite: LabPlatform;
  const ns = 'shop';
  const prefix = uniqueName('fo-metro');
  const tandem = { fieldManager: 'tandem' };

  const claim = (name: string, storageClassName = 'lab-stretched'): KubeObject => ({
    apiVersion: 'v1',
    kind: 'PersistentVolumeClaim',
    metadata: { name, namespace: ns },
    spec: { storageClassName, accessModes: ['ReadWriteOnce'], resources: { requests: { storage: '1Gi' } } },
  });
  const latency = (avgMs: number, at: string): DataOf<typeof LatencyMeasured> => ({
    domain: 'dr-site',
    node: 'dr-node',
    peerDomain: 'primary',
    samples: 10,
    lost: 0,
    minMs: avgMs / 2,
    avgMs,
    maxMs: avgMs * 2,
    mdevMs: 0.3,
    at,
  });
  const metro = async () => {
    const res = await fetch(`${url}/v1/clusterpairs/${ns}/primary`);
    expect(res.status).toBe(200);
    return ((await res.json()) as PairView).status.metro!;
  };
  const until = (what: string, check: (m: MetroStatus) => boolean) =>
    waitFor(async () => {
      const m = await metro();
      return check(m) ? m : undefined;
    }, { what, timeoutMs: 20_000, intervalMs: 100 });
  const bound = (lab: LabPlatform, name: string) =>
    waitFor(async () => ((await lab.volumesFor(ns, [name]))[0]?.path !== undefined ? true : undefined), { what: `claim ${name} to be bound`, timeoutMs: 20_000, intervalMs: 100 });

  beforeAll(async () => {
    stretchedDir = await tempDir('metro-stretched');
    for (const name of ['primary', 'dr-site']) {
      const dir = await tempDir(`lab-${name}`);
      dirs.push(dir);
      await createLabSite(dir, { name, stretchedDir });
      servers.push(await LabSiteServer.start(dir, { tickMs: 100 }));
    }
    [primary, drSite] = await Promise.all(dirs.map((dir) => LabPlatform.open(dir)));
    for (const lab of [primary, drSite]) await lab.apply({ apiVersion: 'v1', kind: 'Namespace', metadata: { name: ns } }, tandem);

    nats = await startNatsServer();
    db = await createTestDatabase('failover_metro');
    const port = await freePort();
    url = `http://127.0.0.1:${port}`;
    failover = await startServiceProcess({
      name: 'failover-metro',
      entry: 'apps/failover/src/main.ts',
      env: {
        TANDEM_NATS_URL: nats.url,
        TANDEM_BUS_PREFIX: prefix,
        TANDEM_DATABASE_URL: db.url,
        TANDEM_HTTP_HOST: '127.0.0.1',
        TANDEM_HTTP_PORT: String(port),
        TANDEM_LOG_LEVEL: 'warn',
        TANDEM_DOMAIN: 'dr-site',
        TANDEM_PLATFORM: `lab:${dirs[1]}`,
      },
      readyUrl: `${url}/readyz`,
    });
    bus = await TestBus.open(nats.url, prefix, 'failover-metro');

    // The pair back to primary, as primary's failover service would print it: the Secret opening primary's lab site.
    const generated = await generateClusterPair({ namespace: ns, name: 'primary' }, { domain: 'primary', publicUrl: 'http://127.0.0.1:9', objectStore: undefined, access: { kind: 'lab', dir: dirs[0]! } });
    const secret = parseAllDocuments(generated)[0]!.toJS() as KubeObject;
    await drSite.apply({ ...secret, metadata: { ...secret.metadata, namespace: ns } }, tandem);
    const pairText = generated.split(/^---\n/m)[1]!;
    const applied = await fetch(`${url}/v1/resources`, { method: 'POST', body: pairText, headers: { 'content-type': 'application/yaml' } });
    expect(applied.status).toBe(200);
  });

  afterAll(async () => {
    await bus?.close().catch(() => undefined);
    await failover?.stop();
    await db?.drop();
    await nats?.stop();
    await Promise.all([primary?.close(), drSite?.close()]);
    for (const server of servers) await server.close({ stopPods: true });
    for (const dir of [...dirs, stretchedDir]) if (dir) await rm(dir, { recursive: true, force: true });
  });

  it('shows a metro pair with nothing protected yet as healthy, with no measurement', async () => {
    expect(await metro()).toEqual({ degraded: false, reasons: [], limitMs: 10, volumes: { checked: 0, inBothDomains: 0 } });
  });

  it('is degraded while a claim of a protected namespace is not on a stretched volume in both domains', async () => {
    await bus.send(MigrationFinished, {
      migration: 'shop-1',
      namespace: ns,
      status: 'Successful',
      finishedAt: new Date().toISOString(),
      schedule: 'shop',
      clusterPair: 'primary',
      sourceDomain: 'primary',
      destinationDomain: 'dr-site',
      namespaces: [ns],
    });
    await drSite.apply(claim('data'), tandem);
    await drSite.apply(claim('cache', 'lab-local'), tandem);
    await bound(drSite, 'data');
    await bound(drSite, 'cache');
    const degraded = await until('the protected namespace to be checked', (m) => m.volumes.checked === 2);
    expect(degraded.degraded).toBe(true);
    expect(degraded.reasons).toEqual([
      expect.stringMatching(/^claim shop\/cache uses storage class lab-local, which is not stretched: its data is in domain dr-site only/),
      "claim shop/data does not exist in domain primary: its volume is not present there until the application's claims are migrated",
    ]);

    await drSite.delete({ apiVersion: 'v1', kind: 'PersistentVolumeClaim', namespace: ns, name: 'cache' });
    await primary.apply(claim('data'), tandem);
    await bound(primary, 'data');
    const healthy = await until('the claim to be present in both domains', (m) => !m.degraded);
    expect(healthy).toEqual({ degraded: false, reasons: [], limitMs: 10, volumes: { checked: 1, inBothDomains: 1 } });
    const [here] = await drSite.volumesFor(ns, ['data']);
    expect(here?.path).toBe(join(stretchedDir, 'volumes', `stretched-${ns}-data`));
  });

  it('is degraded when the newest round trip between the domains averages over 10 ms', async () => {
    await bus.send(LatencyMeasured, latency(2, '2026-11-26T10:00:00.000Z'));
    const fast = await until('the first round trip', (m) => m.latency !== undefined);
    expect(fast).toMatchObject({ degraded: false, latency: { minMs: 1, avgMs: 2, maxMs: 4, mdevMs: 0.3, from: 'dr-site', to: 'primary' } });

    await bus.send(LatencyMeasured, latency(25, '2026-11-26T10:01:00.000Z'));
    const slow = await until('the slow round trip', (m) => m.latency?.avgMs === 25);
    expect(slow.degraded).toBe(true);
    expect(slow.reasons).toEqual([expect.stringContaining('the round trip between dr-site and primary averages 25 ms (measured 2026-11-26T10:01:00.000Z), over the metro limit of 10 ms')]);
    expect(slow.latency).toMatchObject({ minMs: 12.5, avgMs: 25, maxMs: 50, mdevMs: 0.3 });
  });
});
