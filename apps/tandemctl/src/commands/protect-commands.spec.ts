import { ARTICLE_MIGRATION_SCHEDULE, ARTICLE_RULE, ARTICLE_SCHEDULE_POLICY, parseResourceDocuments } from '@tandem/resources';
import { RecordedServices, runCaptured } from '../testing/cli-under-test';
import type { Route } from '../testing/recorded-service';
import { applicationView, clusterPairView, ruleView, sagaMigrationView, scheduledMigration, scheduleView } from '../testing/recorded-views';

/**
 * tandemctl in process against services that answer recorded answers of the failover, snapshot, replication and
 * coordinator APIs (and the scheduler's) over real HTTP: what each service is asked, and what a person sees.
 */
const NOW = new Date('2026-11-26T07:30:00Z');

const PAIR = `apiVersion: tandem.dev/v1alpha1
kind: ClusterPair
metadata:
  name: dr-site
  namespace: appns
spec:
  destination:
    endpoints: [https://tandem.dr-site.example.com:8443]
    clusterDomain: dr-site
`;

/** Four documents, four kinds, three services: pair (doc 1), rule (2), policy (3), schedule (4). */
const MIXED = `${PAIR}---\n${ARTICLE_RULE}---\n${ARTICLE_SCHEDULE_POLICY}---\n${ARTICLE_MIGRATION_SCHEDULE}`;

type Services = Partial<Record<'scheduler' | 'failover' | 'snapshot' | 'replication' | 'coordinator', Record<string, Route>>>;

describe('tandemctl on the protect path', () => {
  const recorded = new RecordedServices();
  afterEach(() => recorded.close());

  async function withServices(services: Services) {
    return recorded.start(services);
  }

  async function run(argv: string[], env: Record<string, string>, stdin = '') {
    return runCaptured(argv, env, { now: NOW, stdin });
  }

  const applied = (kind: string, name: string, action = 'created', extra: Record<string, unknown> = {}) => ({ kind, namespace: 'appns', name, action, ...extra });

  describe('apply -f', () => {
    it('sends each kind to the service that keeps it, pairs and rules before schedules, and reports each document', async () => {
      const { env, svc } = await withServices({
        failover: { 'POST /v1/resources?namespace=appns': { body: { applied: [applied('ClusterPair', 'dr-site', 'created', { status: 'NotReady' })], warnings: [] } } },
        snapshot: { 'POST /v1/resources?namespace=appns': { body: { applied: [applied('Rule', 'cassandra-presnap-rule')], warnings: [] } } },
        scheduler: {
          'POST /v1/resources?namespace=appns': {
            body: { applied: [applied('SchedulePolicy', 'sched-policy'), applied('MigrationSchedule', 'migrationschedule', 'configured')], warnings: [] },
          },
        },
      });
      const r = await run(['apply', '-f', '-', '-n', 'appns'], env, MIXED);
      expect(r).toEqual({
        code: 0,
        stdout: 'clusterpair/dr-site created\nrule/cassandra-presnap-rule created\nschedulepolicy/sched-policy created\nmigrationschedule/migrationschedule configured\n',
        stderr: 'warning: clusterpair/dr-site is NotReady\n',
      });
      // Each service reads only its own documents, at the lines and document numbers of the file.
      const kindsSent = (name: string) => parseResourceDocuments(svc[name]!.requests[0]!.body).resources.map((x) => x.kind);
      expect(kindsSent('failover')).toEqual(['ClusterPair']);
      expect(kindsSent('snapshot')).toEqual(['Rule']);
      expect(kindsSent('scheduler')).toEqual(['SchedulePolicy', 'MigrationSchedule']);
      for (const s of ['failover', 'snapshot', 'scheduler']) {
        const body = svc[s]!.requests[0]!.body;
        expect(body.split('\n')).toHaveLength(MIXED.split('\n').length);
        expect(svc[s]!.requests[0]!.contentType).toBe('application/yaml');
      }
      expect(svc['scheduler']!.requests[0]!.body.split('\n').indexOf('kind: SchedulePolicy')).toBe(MIXED.split('\n').indexOf('kind: SchedulePolicy'));
    });

    it("places a service's problem in the file, and names what was applied and what was not", async () => {
      // The scheduler counts the documents it was sent: the policy is its first, the file's third.
      const problem = { document: 1, kind: 'SchedulePolicy', name: 'sched-policy', path: 'policy.daily.time', line: 26, column: 11, message: '"25:00" is not a time of day', fix: 'write a time of day, e.g. "10:14PM"' };
      const { env, svc } = await withServices({
        failover: { 'POST /v1/resources?namespace=default': { body: { applied: [applied('ClusterPair', 'dr-site', 'unchanged', { status: 'Ready' })], warnings: [] } } },
        snapshot: { 'POST /v1/resources?namespace=default': { body: { applied: [applied('Rule', 'cassandra-presnap-rule', 'unchanged')], warnings: [] } } },
        scheduler: { 'POST /v1/resources?namespace=default': { status: 400, body: { error: 'invalid-resources', message: '1 problem', problems: [problem] } } },
      });
      const r = await run(['apply', '-f', '-'], env, MIXED);
      expect(r.code).toBe(1);
      expect(r.stdout).toBe('clusterpair/dr-site unchanged\nrule/cassandra-presnap-rule unchanged\n');
      expect(r.stderr).toBe(
        'error: the scheduler refused <stdin>: 1 problem; schedulepolicy/sched-policy, migrationschedule/migrationschedule were not applied (the documents printed above were)\n' +
          '<stdin>:26:11: document 3, SchedulePolicy "sched-policy", field policy.daily.time\n  "25:00" is not a time of day\n  fix: write a time of day, e.g. "10:14PM"\n',
      );
      expect(svc['scheduler']!.requests).toHaveLength(1);
    });

    it('sends nothing when the failover service refuses the pair, and says the rest was not applied', async () => {
      const problem = { document: 1, kind: 'ClusterPair', name: 'dr-site', path: 'spec.destination.clusterDomain', line: 9, column: 20, message: 'no cluster domain "dr-site" is known', fix: 'name a cluster domain of the destination' };
      const { env, svc } = await withServices({
        failover: { 'POST /v1/resources?namespace=default': { status: 400, body: { message: 'invalid', problems: [problem] } } },
        snapshot: {},
        scheduler: {},
      });
      const r = await run(['apply', '-f', '-'], env, MIXED);
      expect(r.code).toBe(1);
      expect(r.stdout).toBe('');
      expect(r.stderr).toMatch(/^error: the failover service refused <stdin>: 1 problem; nothing was applied\n<stdin>:9:20: document 1, ClusterPair "dr-site", field spec\.destination\.clusterDomain\n/);
      expect(svc['snapshot']!.requests).toEqual([]);
      expect(svc['scheduler']!.requests).toEqual([]);
    });

    it('names the service it cannot reach, after what it applied', async () => {
      const { env } = await withServices({ failover: { 'POST /v1/resources?namespace=default': { body: { applied: [applied('ClusterPair', 'dr-site')], warnings: [] } } } });
      const r = await run(['apply', '-f', '-'], env, MIXED);
      expect(r.code).toBe(1);
      expect(r.stdout).toBe('clusterpair/dr-site created\n');
      expect(r.stderr).toContain('rule/cassandra-presnap-rule, schedulepolicy/sched-policy, migrationschedule/migrationschedule were not applied');
      expect(r.stderr).toContain(`error: cannot reach the snapshot service at ${env['TANDEM_SNAPSHOT_URL']} (connection refused; the URL is from TANDEM_SNAPSHOT_URL). Start the snapshot service, or point tandemctl at it with --snapshot-url`);
    });

    it('create refuses, sending nothing, when a pair or rule already exists', async () => {
      const { env, svc } = await withServices({
        failover: { 'GET /v1/clusterpairs/appns/dr-site': { body: clusterPairView() } },
        snapshot: { 'GET /v1/rules/appns/cassandra-presnap-rule': { status: 404, body: { error: 'rule-not-found', message: 'no Rule' } } },
      });
      const r = await run(['create', '-f', '-', '-n', 'appns'], env, `${PAIR}---\n${ARTICLE_RULE}`);
      expect(r).toEqual({ code: 1, stdout: '', stderr: 'clusterpair/dr-site already exists\nerror: nothing was created; use tandemctl apply -f - to change what exists\n' });
      expect([...svc['failover']!.requests, ...svc['snapshot']!.requests].map((q) => q.method)).toEqual(['GET', 'GET']);
    });
  });

  describe('cluster pairs and rules', () => {
    it('lists cluster pairs with their status, wide with where they lead and why not ready', async () => {
      const notReady = clusterPairView({ name: 'metro', status: { state: 'NotReady', mode: 'sync', reason: 'the destination does not answer' } });
      const { env, svc } = await withServices({ failover: { 'GET /v1/clusterpairs?namespace=appns': { body: { items: [clusterPairView(), notReady] } } } });
      expect(await run(['get', 'cp', '-n', 'appns'], env)).toEqual({
        code: 0,
        stdout:
          'NAME      MODE    STATUS     CHECKED   CREATED\n' +
          'dr-site   async   Ready      30s ago   2026-11-26 07:00:00 UTC\n' +
          'metro     sync    NotReady   30s ago   2026-11-26 07:00:00 UTC\n',
        stderr: '',
      });
      const wide = await run(['get', 'clusterpairs', '-n', 'appns', '-o', 'wide'], env);
      expect(wide.stdout.split('\n')[0]).toMatch(/CREATED\s+DOMAIN\s+ENDPOINTS\s+OBJECT-STORE\s+REASON$/);
      expect(wide.stdout.split('\n')[2]).toMatch(/dr-site\s+https:\/\/tandem\.dr-site\.example\.com:8443\s+s3:tandem-dr\/appns\s+the destination does not answer$/);
      expect(svc['failover']!.requests.map((q) => q.url)).toEqual(['/v1/clusterpairs?namespace=appns', '/v1/clusterpairs?namespace=appns']);
    });

    it('prints a pair as YAML that apply -f takes back, with its status, and as JSON', async () => {
      const { env } = await withServices({ failover: { 'GET /v1/clusterpairs/appns/dr-site': { body: clusterPairView() } } });
      const yaml = await run(['get', 'clusterpair', 'dr-site', '-n', 'appns', '-o', 'yaml'], env);
      const back = parseResourceDocuments(yaml.stdout);
      expect(back.problems).toEqual([]);
      expect(back.resources).toEqual([expect.objectContaining({ kind: 'ClusterPair', metadata: expect.objectContaining({ name: 'dr-site', namespace: 'appns' }), mode: 'async' })]);
      expect(yaml.stdout).toMatch(/\nstatus:\n {2}state: Ready\n/);
      const json = JSON.parse((await run(['get', 'cp', 'dr-site', '-n', 'appns', '-o', 'json'], env)).stdout) as { kind: string; status: { state: string } };
      expect(json).toEqual(expect.objectContaining({ kind: 'ClusterPair', status: expect.objectContaining({ state: 'Ready' }) }));
    });

    it('describes a pair with its status and reason, hiding credentials', async () => {
      const pair = clusterPairView({ status: { state: 'NotReady', reason: 'the object store refused the credentials; check the Secret tandem-dr-s3' } });
      pair.spec = { ...pair.spec, options: { token: 'abc123', ip: '10.0.0.1' } };
      const { env } = await withServices({ failover: { 'GET /v1/clusterpairs/appns/dr-site': { body: pair } } });
      const r = await run(['describe', 'clusterpair', 'dr-site', '-n', 'appns'], env);
      expect(r.code).toBe(0);
      expect(r.stdout).toContain('Name:         dr-site\nNamespace:    appns\nKind:         ClusterPair\n');
      expect(r.stdout).toContain('Status:       NotReady\nReason:       the object store refused the credentials; check the Secret tandem-dr-s3\n');
      expect(r.stdout).toContain('Checked:      2026-11-26 07:29:30 UTC (30s ago)\n');
      expect(r.stdout).toMatch(/\nSpec:\n {2}Destination:\n {4}Endpoints: +https:\/\/tandem\.dr-site\.example\.com:8443\n/);
      expect(r.stdout).toContain('Token:  (hidden; get -o yaml shows it)');
      expect(r.stdout).not.toContain('abc123');
      expect(r.stdout).toContain('10.0.0.1');
    });

    it('lists and describes rules', async () => {
      const { env } = await withServices({
        snapshot: { 'GET /v1/rules?namespace=appns': { body: { items: [ruleView()] } }, 'GET /v1/rules/appns/pg-presnap': { body: ruleView() } },
      });
      expect((await run(['get', 'rules', '-n', 'appns'], env)).stdout).toBe(
        'NAME         SELECTORS      ACTIONS   BACKGROUND   CREATED\npg-presnap   app=postgres   2         1            2026-11-26 07:10:00 UTC\n',
      );
      const described = (await run(['describe', 'rule', 'pg-presnap', '-n', 'appns'], env)).stdout;
      expect(described).toContain('Rules:\n  #1:\n    Pods:       app=postgres\n    Container:  postgres\n    Actions:\n');
      expect(described).toContain('#2:  sleep 1; ${WAIT_CMD}  (background: holds until the snapshot is taken, in one pod, timeout 1m30s, retries 0)\n');
    });

    it('deletes schedules before the policy, rules and pair they use', async () => {
      const ok = { status: 204 };
      const { env, svc } = await withServices({
        scheduler: { 'DELETE /v1/migration-schedules/appns/migrationschedule': ok, 'DELETE /v1/schedule-policies/sched-policy': ok },
        failover: { 'DELETE /v1/clusterpairs/appns/dr-site': ok },
        snapshot: { 'DELETE /v1/rules/appns/cassandra-presnap-rule': ok },
      });
      expect(await run(['delete', '-f', '-', '-n', 'appns'], env, MIXED)).toEqual({
        code: 0,
        stdout: 'migrationschedule/migrationschedule deleted\nschedulepolicy/sched-policy deleted\nrule/cassandra-presnap-rule deleted\nclusterpair/dr-site deleted\n',
        stderr: '',
      });
      expect(svc['failover']!.requests.map((q) => `${q.method} ${q.url}`)).toEqual(['DELETE /v1/clusterpairs/appns/dr-site']);
      const missing = await run(['delete', 'cp', 'nope', '-n', 'appns'], env);
      expect(missing).toEqual({ code: 1, stdout: '', stderr: 'error from the failover service (not-recorded): nothing recorded for DELETE /v1/clusterpairs/appns/nope\n' });
    });

    it("prints generate clusterpair's answer as it is, to be redirected to a file", async () => {
      const generated = '# apply on the source: tandemctl apply -f dr-site.yaml\n' + PAIR;
      const { env, svc } = await withServices({
        failover: { 'GET /v1/clusterpairs/generate?namespace=appns&name=dr-site': { body: generated, contentType: 'text/yaml' } },
      });
      expect(await run(['generate', 'clusterpair', '-n', 'appns', 'dr-site'], env)).toEqual({ code: 0, stdout: generated, stderr: '' });
      expect(svc['failover']!.requests).toHaveLength(1);
      expect((await run(['generate', 'rule', 'x'], env)).stderr).toMatch(/^tandemctl: generate makes a clusterpair, not "rule"/);
    });
  });

  describe('applications and migrations', () => {
    it('lists protected applications with their newest recovery point and RPO, every namespace unless -n', async () => {
      const other = applicationView({ namespace: 'shop', schedule: 'nightly', newestRecoveryPointAt: null, newestMigration: null, rpoSeconds: null, recoveryPoints: 0 });
      const { env } = await withServices({ replication: { 'GET /v1/applications': { body: { items: [applicationView(), other] } } } });
      expect(await run(['get', 'rpo'], env)).toEqual({
        code: 0,
        stdout:
          'NAMESPACE   SCHEDULE            CLUSTERPAIR   LAST-RECOVERY-POINT       RPO\n' +
          'appns       migrationschedule   dr-site       2026-11-26 07:28:00 UTC   2m\n' +
          'shop        nightly             dr-site       none yet                  -\n',
        stderr: '',
      });
      const narrowed = await run(['get', 'applications', '-n', 'shop', '-o', 'wide'], env);
      expect(narrowed.stdout).toBe(
        'NAMESPACE   SCHEDULE   CLUSTERPAIR   LAST-RECOVERY-POINT   RPO   INTERVAL   LIMIT   RECOVERY-POINTS   NEWEST-MIGRATION\n' +
          'shop        nightly    dr-site       none yet              -     1m         5m      0                 -\n',
      );
      expect((await run(['get', 'apps', '-n', 'none'], env)).stderr).toBe('no protected applications in namespace "none"\n');
    });

    it("lists the coordinator's migrations with stage and counts, and the scheduler's it does not know yet as Pending", async () => {
      const run1 = sagaMigrationView();
      const { env } = await withServices({
        coordinator: { 'GET /v1/migrations?namespace=appns': { body: { items: [run1] } } },
        scheduler: {
          'GET /v1/migrations?namespace=appns': { body: { items: [scheduledMigration(), scheduledMigration({ name: run1.name, status: 'InProgress', createdAt: run1.createdAt })] } },
          'GET /v1/migration-schedules?namespace=appns': { body: { items: [scheduleView()] } },
        },
      });
      expect(await run(['get', 'migrations', '-n', 'appns'], env)).toEqual({
        code: 0,
        stdout:
          'NAME                                           CLUSTERPAIR   STAGE     STATUS       VOLUMES   RESOURCES   CREATED                   ELAPSED\n' +
          'migrationschedule-interval-2026-11-26-072900   dr-site       Initial   Pending      -         -           2026-11-26 07:29:00 UTC   59s\n' +
          'migrationschedule-interval-2026-11-26-072800   dr-site       Volumes   InProgress   1/3       0/12        2026-11-26 07:28:00 UTC   1m35s\n',
        stderr: '',
      });
      const wide = await run(['get', 'migration', '-n', 'appns', '-o', 'wide'], env);
      expect(wide.stdout.split('\n')[2]).toMatch(/1m35s\s+1\.0MiB\/3\.0MiB\s+migrationschedule\s+interval\s+0\s+-$/);

      // The coordinator answers 404 for one it does not know: the scheduler's record is described.
      const described = await run(['describe', 'migration', 'migrationschedule-interval-2026-11-26-072900', '-n', 'appns'], env);
      expect(described.code).toBe(0);
      expect(described.stdout).toMatch(/\nStage: +Initial\nStatus: +Pending\n/);
      expect(described.stdout).toMatch(/\nProgress: +not picked up by the coordinator yet\n$/);
      const unknown = await run(['describe', 'migration', 'nope', '-n', 'appns'], env);
      expect(unknown).toEqual({ code: 1, stdout: '', stderr: 'error: no migration "nope" in namespace "appns"; tandemctl get migrations -n appns lists them\n' });
    });

    it('describes a migration from the coordinator and the scheduler', async () => {
      const failed = sagaMigrationView({
        stage: 'Final',
        status: 'Failed',
        step: 'restore-on-destination',
        reason: 'the destination refused the volume restore; check the dr-site agents',
        bytes: { done: 1_048_576, total: 3_145_728, uploaded: 524_288 },
        takenAt: '2026-11-26T07:28:05Z',
        finishedAt: '2026-11-26T07:29:35Z',
      });
      const { env } = await withServices({
        coordinator: { [`GET /v1/migrations/appns/${failed.name}`]: { body: failed } },
        scheduler: {
          'GET /v1/migrations?namespace=appns': { body: { items: [scheduledMigration({ name: failed.name, status: 'Failed' })] } },
          'GET /v1/migration-schedules?namespace=appns': { body: { items: [scheduleView()] } },
        },
      });
      const r = await run(['describe', 'migration', failed.name, '-n', 'appns'], env);
      expect(r.code).toBe(0);
      expect(r.stdout).toContain('Stage:           Final\nStep:            restore-on-destination\nStatus:          Failed\nReason:          the destination refused the volume restore; check the dr-site agents\n');
      expect(r.stdout).toContain('Volumes:         1/3\nResources:       0/12\nBytes:           1.0MiB/3.0MiB (512.0KiB uploaded)\nSnapshot taken:  2026-11-26 07:28:05 UTC (1m55s ago)\n');
      expect(r.stdout).toContain('Fired:           interval run of policy sched-policy at 2026-11-26 07:29:00 UTC\n');
      expect(r.stdout).not.toContain('not picked up');
    });

    it("shows the scheduler's records, with a warning, when the coordinator cannot be reached", async () => {
      const { env } = await withServices({
        scheduler: {
          'GET /v1/migrations?namespace=appns': { body: { items: [scheduledMigration()] } },
          'GET /v1/migration-schedules?namespace=appns': { body: { items: [scheduleView()] } },
        },
      });
      const r = await run(['get', 'migrations', '-n', 'appns'], env);
      expect(r.code).toBe(0);
      expect(r.stdout.split('\n')[1]).toMatch(/^migrationschedule-interval-2026-11-26-072900\s+dr-site\s+Initial\s+Pending\s+-\s+-\s/);
      expect(r.stderr).toBe(
        `warning: cannot reach the coordinator at ${env['TANDEM_COORDINATOR_URL']} (connection refused; the URL is from TANDEM_COORDINATOR_URL): showing the scheduler's records only, without stages and counts\n`,
      );
    });
  });
});
