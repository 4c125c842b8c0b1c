import type { ClusterDomainView } from '../http/domain.views';
import { clusterDomainTable } from '../output/cluster-domain.printer';
import { RecordedServices, runCaptured } from '../testing/cli-under-test';
import type { Route } from '../testing/recorded-service';

/**
 * The cluster domain commands and the manual activation path (storkctl's `get clusterdomainsstatus`,
 * `deactivate clusterdomain`, `activate migration -n NS`), in process against recorded failover and migration
 * services over real HTTP: what each service is asked, and what a person sees.
 */
const NOW = new Date('2026-11-26T07:30:00Z');

const domain = (over: Partial<ClusterDomainView>): ClusterDomainView => ({
  name: 'primary',
  local: true,
  active: true,
  state: 'Active',
  syncStatus: 'InSync',
  epoch: 0,
  lastHeartbeatAt: '2026-11-26T07:29:55Z',
  agents: [{ node: 'node-1', version: '1.0.0', epoch: 0, lastHeartbeatAt: '2026-11-26T07:29:55Z' }],
  updatedAt: '2026-11-26T07:00:00Z',
  ...over,
});

const PRIMARY = domain({ latency: { node: 'node-1', peerDomain: 'dr-site', samples: 5, lost: 0, minMs: 0.21, avgMs: 0.345, maxMs: 0.61, mdevMs: 0.12, at: '2026-11-26T07:29:50Z' } });
const DR_SITE = domain({ name: 'dr-site', local: false, syncStatus: 'SyncInProgress', epoch: 3, lastHeartbeatAt: '2026-11-26T07:27:30Z', agents: [] });

describe('tandemctl: cluster domains and activation', () => {
  const recorded = new RecordedServices();
  afterEach(() => recorded.close());

  async function withServices(services: { failover?: Record<string, Route>; migration?: Record<string, Route> }) {
    return recorded.start(services);
  }

  async function run(argv: string[], env: Record<string, string>) {
    return runCaptured(argv, env, { now: NOW });
  }

  describe('get clusterdomainsstatus', () => {
    it("prints storkctl's table: state, sync, epoch, heartbeat age, latency min/avg/max/mdev", async () => {
      const { env, svc } = await withServices({ failover: { 'GET /v1/clusterdomains': { body: { items: [DR_SITE, PRIMARY] } } } });
      for (const word of ['clusterdomainsstatus', 'clusterdomains']) {
        expect(await run(['get', word], env)).toEqual({
          code: 0,
          stdout:
            'NAME      STATE    SYNC             EPOCH   LAST-HEARTBEAT   LATENCY\n' +
            'dr-site   Active   SyncInProgress   3       2m30s ago        -\n' +
            'primary   Active   InSync           0       5s ago           0.21/0.34/0.61/0.12 ms\n',
          stderr: '',
        });
      }
      expect(svc['failover']!.requests.map((r) => `${r.method} ${r.url}`)).toEqual(['GET /v1/clusterdomains', 'GET /v1/clusterdomains']);
    });

    it('shows one domain, and the whole view as JSON', async () => {
      const { env } = await withServices({ failover: { 'GET /v1/clusterdomains/primary': { body: PRIMARY } } });
      const r = await run(['get', 'clusterdomainsstatus', 'primary', '-o', 'json'], env);
      expect(r.code).toBe(0);
      expect(JSON.parse(r.stdout)).toEqual(PRIMARY);
    });

    it("passes on the service's answer for a domain it does not know", async () => {
      const { env } = await withServices({ failover: { 'GET /v1/clusterdomains/elsewhere': { status: 404, body: { error: 'not-found', message: 'cluster domain elsewhere is not known on this site' } } } });
      expect(await run(['get', 'clusterdomains', 'elsewhere'], env)).toEqual({
        code: 1,
        stdout: '',
        stderr: 'error from the failover service (not-found): cluster domain elsewhere is not known on this site\n',
      });
    });

    it('wide adds whether the domain is local, its agents with their epochs, and the peer measured', () => {
      const table = clusterDomainTable([PRIMARY, domain({ name: 'lost', latency: { node: 'n', peerDomain: 'dr-site', samples: 0, lost: 5, at: NOW.toISOString() }, lastHeartbeatAt: null, agents: [] })], NOW, true);
      expect(table.split('\n')[0]).toBe('NAME      STATE    SYNC     EPOCH   LAST-HEARTBEAT   LATENCY                  LOCAL   AGENTS     PEER');
      expect(table).toContain('primary   Active   InSync   0       5s ago           0.21/0.34/0.61/0.12 ms   yes     node-1@0   dr-site');
      expect(table).toContain('lost      Active   InSync   0       -                lost (5/5)               yes     -          dr-site');
    });
  });

  describe('deactivate|activate clusterdomain', () => {
    it('deactivates and says the epoch it raised', async () => {
      const { env, svc } = await withServices({
        failover: { 'POST /v1/clusterdomains/primary/deactivate': { body: { changed: true, previousEpoch: 0, domain: domain({ active: false, state: 'Inactive', syncStatus: 'NotInSync', epoch: 1 }) } } },
      });
      expect(await run(['deactivate', 'clusterdomain', 'primary'], env)).toEqual({ code: 0, stdout: 'cluster domain primary deactivated (epoch 0 → 1)\n', stderr: '' });
      expect(svc['failover']!.requests).toHaveLength(1);
    });

    it('says when nothing changed', async () => {
      const { env } = await withServices({ failover: { 'POST /v1/clusterdomains/primary/activate': { body: { changed: false, domain: domain({ epoch: 2 }) } } } });
      expect((await run(['activate', 'clusterdomain', 'primary'], env)).stdout).toBe('cluster domain primary was already active (epoch 2); nothing changed\n');
    });

    it('--wait: polls until every agent holds the new epoch, showing progress', async () => {
      let polls = 0;
      const agents = (epochs: number[]) => epochs.map((epoch, i) => ({ node: `node-${i + 1}`, version: '1', epoch, lastHeartbeatAt: NOW.toISOString() }));
      const { env, svc } = await withServices({
        failover: {
          'POST /v1/clusterdomains/primary/deactivate': { body: { changed: true, previousEpoch: 4, domain: domain({ active: false, state: 'Inactive', epoch: 5, agents: agents([4, 4]) }) } },
          'GET /v1/clusterdomains/primary': () => {
            polls++;
            const epochs = polls === 1 ? [4, 4] : polls === 2 ? [5, 4] : [5, 5];
            return { body: domain({ active: false, state: 'Inactive', syncStatus: 'NotInSync', epoch: 5, agents: agents(epochs) }) };
          },
        },
      });
      const r = await run(['deactivate', 'clusterdomain', 'primary', '--wait'], env);
      expect(r).toEqual({
        code: 0,
        stdout: 'cluster domain primary deactivated (epoch 4 → 5)\ncluster domain primary: 2/2 agents hold epoch 5; Inactive, NotInSync\n',
        stderr:
          'waiting for the agents of primary to hold epoch 5: 0/2 (behind: node-1@4, node-2@4)\n' +
          'waiting for the agents of primary to hold epoch 5: 1/2 (behind: node-2@4)\n',
      });
      expect(svc['failover']!.requests.filter((q) => q.method === 'GET')).toHaveLength(3);
    });

    it('--wait: a domain none of whose agents is heard is done once it shows the new state', async () => {
      const gone = domain({ active: false, state: 'Inactive', syncStatus: 'Unknown', epoch: 1, agents: [] });
      const { env } = await withServices({
        failover: { 'POST /v1/clusterdomains/primary/deactivate': { body: { changed: true, previousEpoch: 0, domain: gone } }, 'GET /v1/clusterdomains/primary': { body: gone } },
      });
      const r = await run(['deactivate', 'clusterdomain', 'primary', '--wait'], env);
      expect(r.code).toBe(0);
      expect(r.stdout).toContain('cluster domain primary: Inactive; no agent of it is heard (Unknown): they take epoch 1 when they are back\n');
    });

    it('--wait --timeout: gives up naming the agents behind', async () => {
      const stuck = domain({ active: false, state: 'Inactive', syncStatus: 'NotInSync', epoch: 1, agents: [{ node: 'node-1', version: '1', epoch: 0, lastHeartbeatAt: NOW.toISOString() }] });
      const { env } = await withServices({
        failover: { 'POST /v1/clusterdomains/primary/deactivate': { body: { changed: true, previousEpoch: 0, domain: stuck } }, 'GET /v1/clusterdomains/primary': { body: stuck } },
      });
      const r = await run(['deactivate', 'clusterdomain', 'primary', '--wait', '--timeout', '0.3'], env);
      expect(r.code).toBe(1);
      expect(r.stderr).toContain('error: gave up waiting after 0.3s: agents node-1 (epoch 0) do not hold epoch 1 yet');
    });

    it('refuses a missing name, a stray --timeout, and a bad timeout, with the usage', async () => {
      const { env } = await withServices({});
      const noName = await run(['deactivate', 'clusterdomain'], env);
      expect(noName.code).toBe(2);
      expect(noName.stderr).toMatch(/^tandemctl: deactivate needs a name\n\nusage: tandemctl deactivate clusterdomain NAME/);
      expect((await run(['activate', 'clusterdomain', 'x', '--timeout', '5'], env)).stderr).toMatch(/^tandemctl: --timeout bounds --wait: give --wait too/);
      expect((await run(['activate', 'clusterdomain', 'x', '--wait', '--timeout', 'soon'], env)).stderr).toMatch(/^tandemctl: --timeout soon: expected a number of seconds above 0/);
      expect((await run(['activate', 'cluster'], env)).stderr).toMatch(/^tandemctl: activate needs what: activate clusterdomain NAME, or activate migration -n NAMESPACE \(got "cluster"\)/);
    });
  });

  describe('activate|deactivate migration -n NS', () => {
    it('asks the migration service to activate the namespace and prints what was scaled', async () => {
      const { env, svc } = await withServices({
        migration: {
          'POST /v1/activations': {
            body: {
              action: 'activate',
              namespaces: [
                {
                  namespace: 'appns',
                  workloads: [
                    { apiVersion: 'apps/v1', kind: 'StatefulSet', name: 'cassandra', outcome: 'updated', replicas: 3 },
                    { apiVersion: 'batch/v1', kind: 'CronJob', name: 'cleanup', outcome: 'unchanged' },
                  ],
                },
              ],
            },
          },
        },
      });
      expect(await run(['activate', 'migration', '-n', 'appns'], env)).toEqual({
        code: 0,
        stdout: 'statefulset/cassandra -n appns activated (replicas 3)\ncronjob/cleanup -n appns unchanged\n',
        stderr: '',
      });
      expect(JSON.parse(svc['migration']!.requests[0]!.body)).toEqual({ namespaces: ['appns'], action: 'activate' });
    });

    it("passes on the refusal of a fenced site, and fails when a workload failed", async () => {
      const fenced = 'cluster domain dr-site is deactivated (fence ConfigMap tandem-system/tandem-domain, epoch 2): activate the domain first';
      const { env } = await withServices({ migration: { 'POST /v1/activations': { status: 409, body: { error: 'domain-fenced', message: fenced } } } });
      expect(await run(['activate', 'migrations', '-n', 'appns'], env)).toEqual({ code: 1, stdout: '', stderr: `error from the migration service (domain-fenced): ${fenced}\n` });

      const { env: env2 } = await withServices({
        migration: {
          'POST /v1/activations': {
            body: { action: 'deactivate', namespaces: [{ namespace: 'appns', workloads: [{ apiVersion: 'apps/v1', kind: 'Deployment', name: 'web', outcome: 'failed', reason: 'Conflict', message: 'changed meanwhile' }] }] },
          },
        },
      });
      expect(await run(['deactivate', 'migration', '-n', 'appns'], env2)).toEqual({ code: 1, stdout: 'deployment/web -n appns failed: changed meanwhile\n', stderr: '' });
    });
  });
});
