import { DR_SITE, objectStoreDir, planServices, PRIMARY, SITE_APPS } from './two-site.plan';

const plan = planServices({
  dir: '/lab',
  primarySiteDir: '/lab/primary',
  drSiteDir: '/lab/dr-site',
  secretsDir: '/lab/secrets',
  repositoryKey: 'a2V5',
  schedulerTickMs: 200,
});
const urls = new Map(plan.map((service, index) => [service.key, `http://127.0.0.1:${9000 + index}`]));
const envOf = (key: string) => plan.find((s) => s.key === key)!.extraEnv({ url: urls.get(key)!, urlOf: (site, app) => urls.get(`${site}/${app}`) });

describe('the two-site plan', () => {
  it('runs the whole control plane on each site, each service with a database of its own', () => {
    expect(plan.map((s) => s.key)).toEqual([...SITE_APPS.map((app) => `${PRIMARY}/${app}`), ...SITE_APPS.map((app) => `${DR_SITE}/${app}`)]);
    expect(new Set(plan.map((s) => s.database)).size).toBe(plan.length);
    expect(plan.filter((s) => s.site === DR_SITE).every((s) => s.database.startsWith('dr_'))).toBe(true);
  });

  it("gives each site's services that site's domain and platform", () => {
    expect(envOf('dr-site/migration')).toEqual({ TANDEM_DOMAIN: DR_SITE, TANDEM_PLATFORM: 'lab:/lab/dr-site' });
    expect(envOf('primary/scheduler')).toMatchObject({ TANDEM_DOMAIN: PRIMARY, TANDEM_PLATFORM: 'lab:/lab/primary', TANDEM_SCHEDULER_TICK_INTERVAL_MS: '200' });
    expect(envOf('dr-site/agent')).toMatchObject({ TANDEM_AGENT_DOMAIN: DR_SITE, TANDEM_AGENT_VOLUMES_DIR: '/lab/dr-site/volumes', TANDEM_AGENT_SECRETS_DIR: '/lab/secrets' });
  });

  it("tells each failover service its own URL, its site's scheduler and coordinator, and the object store both offer", () => {
    for (const site of [PRIMARY, DR_SITE] as const) {
      expect(envOf(`${site}/failover`)).toEqual({
        TANDEM_DOMAIN: site,
        TANDEM_PLATFORM: `lab:/lab/${site}`,
        TANDEM_FAILOVER_AGENT_SECRETS_DIR: '/lab/secrets',
        TANDEM_FAILOVER_PUBLIC_URL: urls.get(`${site}/failover`),
        TANDEM_FAILOVER_OBJECT_STORE: 'filesystem:/lab/object-store',
        TANDEM_FAILOVER_SCHEDULER_URL: urls.get(`${site}/scheduler`),
        TANDEM_FAILOVER_COORDINATOR_URL: urls.get(`${site}/coordinator`),
      });
    }
    // One repository for both directions: the reverse migrations deduplicate against what the primary uploaded.
    expect(envOf(`${PRIMARY}/failover`)['TANDEM_FAILOVER_OBJECT_STORE']).toBe(envOf(`${DR_SITE}/failover`)['TANDEM_FAILOVER_OBJECT_STORE']);
    expect(objectStoreDir('/lab')).toBe('/lab/object-store');
  });
});
