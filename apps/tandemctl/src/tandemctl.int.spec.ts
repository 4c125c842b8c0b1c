import { rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { ARTICLE_MIGRATION_SCHEDULE, ARTICLE_RULE, ARTICLE_SCHEDULE_POLICY, parseResourceDocuments } from '@tandem/resources';
import {
  createTestDatabase,
  freePort,
  NatsServerHandle,
  ServiceProcess,
  startNatsServer,
  startServiceProcess,
  tempDir,
  TestDatabase,
  uniqueName,
  waitFor,
} from '@tandem/testing';
import { freePortUrl } from './testing/free-port-url';
import { RecordedService, startRecordedService } from './testing/recorded-service';
import { type CliRun, runTandemctl } from '@tandem/testing';

/** The real tandemctl, as a child process, against a real scheduler process, database and JetStream server. */
describe('tandemctl against the scheduler', () => {
  let nats: NatsServerHandle;
  let db: TestDatabase;
  let scheduler: ServiceProcess;
  let url: string;
  let dir: string;
  /** The other services' URLs: ports nothing listens on (those services are not part of this test). */
  let absent: Record<string, string>;

  /** tandemctl with a home of its own (no config file) and the scheduler's URL in the environment. */
  const tandemctl = (args: string[], opts: { stdin?: string; env?: Record<string, string> } = {}): Promise<CliRun> =>
    runTandemctl(args, { env: { HOME: dir, ...absent, TANDEM_SCHEDULER_URL: url, ...opts.env }, ...(opts.stdin !== undefined ? { stdin: opts.stdin } : {}) });
  const file = async (name: string, text: string): Promise<string> => {
    const path = join(dir, name);
    await writeFile(path, text);
    return path;
  };

  beforeAll(async () => {
    nats = await startNatsServer();
    db = await createTestDatabase('tandemctl');
    const port = await freePort();
    url = `http://127.0.0.1:${port}`;
    scheduler = await startServiceProcess({
      name: 'scheduler',
      entry: 'apps/scheduler/src/main.ts',
      env: {
        TANDEM_NATS_URL: nats.url,
        TANDEM_BUS_PREFIX: uniqueName('ctl'),
        TANDEM_DATABASE_URL: db.url,
        TANDEM_HTTP_HOST: '127.0.0.1',
        TANDEM_HTTP_PORT: String(port),
        TANDEM_LOG_LEVEL: 'warn',
        TANDEM_SCHEDULER_TICK_INTERVAL_MS: '100',
      },
      readyUrl: `${url}/readyz`,
    });
    dir = await tempDir('tandemctl');
    absent = {};
    for (const name of ['FAILOVER', 'SNAPSHOT', 'REPLICATION', 'MIGRATION', 'COORDINATOR']) absent[`TANDEM_${name}_URL`] = await freePortUrl();
  });

  afterAll(async () => {
    await scheduler?.stop();
    await nats?.stop();
    await db?.drop();
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  it("applies the article's SchedulePolicy and MigrationSchedule and shows them as storkctl would", async () => {
    const policyFile = await file('sched-policy.yaml', ARTICLE_SCHEDULE_POLICY);
    const scheduleFile = await file('migration-schedule.yaml', ARTICLE_MIGRATION_SCHEDULE);

    // `oc create -f` in the article: the policy first, then the schedule that names it.
    expect(await tandemctl(['create', '-f', policyFile])).toEqual({ code: 0, stdout: 'schedulepolicy/sched-policy created\n', stderr: '' });
    expect(await tandemctl(['create', '-f', scheduleFile])).toEqual({ code: 0, stdout: 'migrationschedule/migrationschedule created\n', stderr: '' });

    const both = await file('both.yaml', `${ARTICLE_SCHEDULE_POLICY}---\n${ARTICLE_MIGRATION_SCHEDULE}`);
    expect(await tandemctl(['apply', '-f', both])).toEqual({
      code: 0,
      stdout: 'schedulepolicy/sched-policy unchanged\nmigrationschedule/migrationschedule unchanged\n',
      stderr: '',
    });
    const again = await tandemctl(['create', '-f', both]);
    expect(again.code).toBe(1);
    expect(again.stderr).toContain('schedulepolicy/sched-policy already exists');
    expect(again.stderr).toContain(`use tandemctl apply -f ${both} to change what exists`);

    const policies = await tandemctl(['get', 'sp']);
    expect(policies.code).toBe(0);
    expect(lines(policies.stdout)).toEqual([
      ['NAME', 'INTERVAL', 'DAILY', 'WEEKLY', 'MONTHLY', 'USED-BY', 'AGE'],
      ['sched-policy', '1m', '10:14PM', 'Thursday@10:13PM', '14@8:05PM', '1', expect.stringMatching(/^\d+s$/)],
    ]);

    const schedules = await tandemctl(['get', 'migrationschedules', '-n', 'appns']);
    expect(lines(schedules.stdout)[0]).toEqual(['NAME', 'POLICYNAME', 'CLUSTERPAIR', 'SUSPEND', 'LAST-RUN', 'LAST-STATUS', 'NEXT-RUN', 'AGE']);
    expect(lines(schedules.stdout)[1]?.slice(0, 4)).toEqual(['migrationschedule', 'sched-policy', 'dr-site', 'false']);
    expect((await tandemctl(['get', 'ms'])).stderr).toBe('no migration schedules in namespace "default"\n');
  });

  it('prints YAML that apply -f takes back unchanged, and JSON', async () => {
    const yaml = await tandemctl(['get', 'schedulepolicy', 'sched-policy', '-o', 'yaml']);
    expect(yaml.code).toBe(0);
    const read = parseResourceDocuments(yaml.stdout);
    expect(read.problems).toEqual([]);
    expect(read.resources).toEqual(parseResourceDocuments(ARTICLE_SCHEDULE_POLICY).resources);
    expect(yaml.stdout).toMatch(/^apiVersion: stork\.libopenstorage\.org\/v1alpha1\nkind: SchedulePolicy\n/);

    const scheduleYaml = await tandemctl(['get', 'ms', 'migrationschedule', '-n', 'appns', '-o', 'yaml']);
    expect(parseResourceDocuments(scheduleYaml.stdout).resources).toEqual(parseResourceDocuments(ARTICLE_MIGRATION_SCHEDULE).resources);
    expect(scheduleYaml.stdout).toContain('\nstatus:\n  suspended: false\n');
    expect(await tandemctl(['apply', '-f', '-'], { stdin: `${yaml.stdout}---\n${scheduleYaml.stdout}` })).toEqual({
      code: 0,
      stdout: 'schedulepolicy/sched-policy unchanged\nmigrationschedule/migrationschedule unchanged\n',
      stderr: '',
    });

    const json = JSON.parse((await tandemctl(['get', 'ms', '-n', 'appns', '-o', 'json'])).stdout) as { kind: string; items: { kind: string; spec: { suspend: boolean } }[] };
    expect(json.kind).toBe('List');
    expect(json.items).toEqual([expect.objectContaining({ kind: 'MigrationSchedule', spec: expect.objectContaining({ schedulePolicyName: 'sched-policy', suspend: false }) })]);
  });

  it('lists the migrations the schedule fired, with storkctl get migration columns', async () => {
    // An interval counts from the schedule's creation: the first run is due at once.
    let listed: CliRun | undefined;
    await waitFor(async () => {
      listed = await tandemctl(['get', 'migrations', '-n', 'appns']);
      return listed.stdout.includes('migrationschedule-interval-');
    }, { what: 'the first migration to be listed', timeoutMs: 30_000, intervalMs: 500 });
    const [header, row] = lines(listed!.stdout);
    expect(header).toEqual(['NAME', 'CLUSTERPAIR', 'STAGE', 'STATUS', 'VOLUMES', 'RESOURCES', 'CREATED', 'ELAPSED']);
    // Nothing runs migrations in this test, so the first stays requested: stage Initial, status Pending.
    expect(row).toEqual([expect.stringMatching(/^migrationschedule-interval-\d{4}-\d{2}-\d{2}-\d{6}$/), 'dr-site', 'Initial', 'Pending', '-', '-', expect.stringMatching(/^\d{4}-\d{2}-\d{2}$/), expect.stringMatching(/^\d\d:\d\d:\d\d$/), 'UTC', expect.stringMatching(/^(\d+[smhd])+$/)]);

    const wide = await tandemctl(['get', 'migration', '-n', 'appns', '--schedule', 'migrationschedule', '-o', 'wide']);
    expect(lines(wide.stdout)[0]?.slice(-4)).toEqual(['SCHEDULE', 'POLICY-TYPE', 'MISSED', 'REASON']);
    expect((await tandemctl(['get', 'migrations', '-n', 'appns', '--schedule', 'other'])).stderr).toMatch(/\nno migrations in namespace "appns" of schedule "other"\n$/);
    const described = await tandemctl(['describe', 'migration', row![0]!, '-n', 'appns']);
    expect(described.code).toBe(0);
    expect(described.stdout).toMatch(/\nSchedule:\s+migrationschedule\nCluster pair:\s+dr-site\nStage:\s+Initial\nStatus:\s+Pending\n/);
    expect(described.stdout).toMatch(/\nProgress:\s+not picked up by the coordinator yet\n$/);
    const schedule = await tandemctl(['describe', 'ms', 'migrationschedule', '-n', 'appns']);
    expect(schedule.stdout).toMatch(/\nSchedule policy:\s+sched-policy\nCluster pair:\s+dr-site\nNamespaces:\s+demo\nSuspended:\s+false\n/);
    expect(schedule.stdout).toMatch(/\nLast runs:\n {2}interval:\s+migrationschedule-interval-\S+\s+Pending/);
    // No coordinator runs in this test: the scheduler's records are shown, and the warning says why without stages.
    expect(listed!.stderr).toBe(
      `warning: cannot reach the coordinator at ${absent['TANDEM_COORDINATOR_URL']} (connection refused; the URL is from TANDEM_COORDINATOR_URL): ` +
        "showing the scheduler's records only, without stages and counts\n",
    );
  });

  it('refuses a bad document before sending anything, naming the document, line, field and fix', async () => {
    const bad = await file('bad.yaml', `${badPolicyYaml('5m')}---\n${badScheduleYaml}`);
    const run = await tandemctl(['apply', '-f', bad]);
    expect(run.code).toBe(1);
    expect(run.stdout).toBe('');
    expect(run.stderr).toMatch(
      new RegExp(`^error: ${bad}: 1 problem; nothing was applied\\n${bad}:22:\\d+: document 2, MigrationSchedule "bad-schedule", field spec\\.template\\.spec\\.includeVolumes\\n  .+\\n  fix: .+\\n$`),
    );
    expect((await tandemctl(['get', 'ms', 'bad-schedule', '-n', 'appns'])).code).toBe(1);

    // What only the scheduler judges (times, days, ranges) comes back from it, placed in the same file.
    const badTime = await file('bad-time.yaml', badPolicyYaml('25:00'));
    const refused = await tandemctl(['apply', '-f', badTime]);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toMatch(
      new RegExp(`^error: the scheduler refused ${badTime}: 1 problem; nothing was applied\\n${badTime}:9:5: document 1, SchedulePolicy "bad-policy", field policy\\.daily\\.time\\n  "25:00" is not a time of day\\n  fix: .+"10:14PM"`),
    );
    const lookup = await tandemctl(['get', 'sp', 'bad-policy']);
    expect(lookup.code).toBe(1);
    expect(lookup.stderr).toBe('error from the scheduler (schedule-policy-not-found): no SchedulePolicy "bad-policy"; GET /v1/schedule-policies lists them\n');
  });

  it('sends nothing to the scheduler while the service of an earlier kind in the file cannot be reached', async () => {
    const mixed = await file('mixed.yaml', `${ARTICLE_RULE}---\n${ARTICLE_SCHEDULE_POLICY.replace('sched-policy', 'other-policy')}`);
    const run = await tandemctl(['apply', '-f', mixed]);
    expect(run.code).toBe(1);
    expect(run.stderr).toBe(
      `error: cannot reach the snapshot service at ${absent['TANDEM_SNAPSHOT_URL']} (connection refused; the URL is from TANDEM_SNAPSHOT_URL). ` +
        'Start the snapshot service, or point tandemctl at it with --snapshot-url, TANDEM_SNAPSHOT_URL or "snapshot:" in a context of the config file\n',
    );
    expect((await tandemctl(['get', 'sp', 'other-policy'])).code).toBe(1);
    expect((await tandemctl(['get', 'clusterpairs'])).stderr).toMatch(/^error: cannot reach the failover service at /);
  });

  it("sends the scheduler only its documents of a mixed file, and places the scheduler's problems in that file", async () => {
    const snapshot: RecordedService = await startRecordedService({
      'POST /v1/resources?namespace=default': { body: { applied: [{ kind: 'Rule', namespace: 'default', name: 'cassandra-presnap-rule', action: 'created' }], warnings: [] } },
    });
    try {
      const text = `${ARTICLE_RULE}---\n${badPolicyYaml('25:00')}`;
      const mixed = await file('mixed-bad.yaml', text);
      const run = await tandemctl(['apply', '-f', mixed], { env: { TANDEM_SNAPSHOT_URL: snapshot.url } });
      expect(run.code).toBe(1);
      expect(run.stdout).toBe('rule/cassandra-presnap-rule created\n');
      const line = text.split('\n').indexOf('    time: "25:00"') + 1;
      expect(run.stderr).toMatch(
        new RegExp(
          `^error: the scheduler refused ${mixed}: 1 problem; schedulepolicy/bad-policy was not applied \\(the documents printed above were\\)\\n` +
            `${mixed}:${line}:5: document 2, SchedulePolicy "bad-policy", field policy\\.daily\\.time\\n  "25:00" is not a time of day\\n`,
        ),
      );
      expect(parseResourceDocuments(snapshot.requests[0]!.body).resources.map((r) => r.kind)).toEqual(['Rule']);

      const good = await file('mixed-good.yaml', `${ARTICLE_RULE}---\n${badPolicyYaml('10:14PM')}`);
      expect(await tandemctl(['apply', '-f', good], { env: { TANDEM_SNAPSHOT_URL: snapshot.url } })).toEqual({
        code: 0,
        stdout: 'rule/cassandra-presnap-rule created\nschedulepolicy/bad-policy created\n',
        stderr: '',
      });
      expect(await tandemctl(['describe', 'sp', 'bad-policy'])).toEqual({
        code: 0,
        stdout: expect.stringMatching(/^Name:\s+bad-policy\nKind:\s+SchedulePolicy\nAPI version:\s+tandem\.dev\/v1alpha1\n[^]*\nInterval:\s+every 5s[^]*\nDaily:\s+at 10:14PM/),
        stderr: '',
      });
      expect((await tandemctl(['delete', 'sp', 'bad-policy'])).stdout).toBe('schedulepolicy/bad-policy deleted\n');
    } finally {
      await snapshot.close();
    }
  });

  it('suspends and resumes a schedule, which get shows at once', async () => {
    expect(await tandemctl(['suspend', 'migrationschedule', 'migrationschedule', '-n', 'appns'])).toEqual({ code: 0, stdout: 'migrationschedule/migrationschedule suspended\n', stderr: '' });
    const suspended = lines((await tandemctl(['get', 'ms', '-n', 'appns'])).stdout)[1];
    expect(suspended?.[3]).toBe('true');
    expect(suspended).toContain('suspended');
    expect((await tandemctl(['get', 'ms', 'migrationschedule', '-n', 'appns', '-o', 'yaml'])).stdout).toMatch(/\n {2}suspend: true\n/);

    expect(await tandemctl(['resume', 'ms', 'migrationschedule', '-n', 'appns'])).toEqual({ code: 0, stdout: 'migrationschedule/migrationschedule resumed\n', stderr: '' });
    expect(lines((await tandemctl(['get', 'ms', '-n', 'appns'])).stdout)[1]?.[3]).toBe('false');

    const missing = await tandemctl(['suspend', 'ms', 'nope', '-n', 'appns']);
    expect(missing).toEqual({ code: 1, stdout: '', stderr: expect.stringContaining('no MigrationSchedule "nope" in namespace "appns"') });
  });

  it('deletes a schedule, and a policy only once no schedule uses it', async () => {
    const inUse = await tandemctl(['delete', 'sp', 'sched-policy']);
    expect(inUse.code).toBe(1);
    expect(inUse.stderr).toContain('SchedulePolicy "sched-policy" is used by appns/migrationschedule');
    expect(await tandemctl(['delete', '-f', await file('both-again.yaml', `${ARTICLE_SCHEDULE_POLICY}---\n${ARTICLE_MIGRATION_SCHEDULE}`)])).toEqual({
      code: 0,
      stdout: 'migrationschedule/migrationschedule deleted\nschedulepolicy/sched-policy deleted\n',
      stderr: '',
    });
    expect((await tandemctl(['get', 'sp'])).stderr).toBe('no schedule policies\n');
  });

  it('says which URL it could not reach and what to set', async () => {
    const port = await freePort();
    const run = await tandemctl(['get', 'sp'], { env: { TANDEM_SCHEDULER_URL: `http://127.0.0.1:${port}` } });
    expect(run.code).toBe(1);
    expect(run.stderr).toBe(
      `error: cannot reach the scheduler at http://127.0.0.1:${port} (connection refused; the URL is from TANDEM_SCHEDULER_URL). ` +
        'Start the scheduler, or point tandemctl at it with --scheduler-url, TANDEM_SCHEDULER_URL or "scheduler:" in a context of the config file\n',
    );
    const flagged = await tandemctl(['get', 'sp', '--scheduler-url', `http://127.0.0.1:${port}`]);
    expect(flagged.stderr).toContain('the URL is from --scheduler-url');
  });

  it('uses the context of the config file when no flag or variable says otherwise', async () => {
    const config = await file('config.yaml', `current-context: primary\ncontexts:\n  primary:\n    namespace: appns\n    scheduler: ${url}\n`);
    await tandemctl(['apply', '-f', await file('again.yaml', `${ARTICLE_SCHEDULE_POLICY}---\n${ARTICLE_MIGRATION_SCHEDULE}`)]);
    const run = await runTandemctl(['get', 'ms'], { env: { HOME: dir, TANDEM_CONFIG: config } });
    expect(run.code).toBe(0);
    expect(lines(run.stdout)[1]?.[0]).toBe('migrationschedule');
  });
});

const badPolicyYaml = (dailyTime: string): string => `apiVersion: tandem.dev/v1alpha1
kind: SchedulePolicy
metadata:
  name: bad-policy
policy:
  interval:
    intervalSeconds: 5
  daily:
    time: "${dailyTime}"
`;

const badScheduleYaml = `apiVersion: tandem.dev/v1alpha1
kind: MigrationSchedule
metadata:
  name: bad-schedule
  namespace: appns
spec:
  schedulePolicyName: bad-policy
  template:
    spec:
      clusterPair: dr-site
      namespaces: [appns]
      includeVolumes: yes
`;

/** A table's rows split into words (a cell such as `12s ago` gives two). */
function lines(table: string): string[][] {
  return table
    .trimEnd()
    .split('\n')
    .map((line) => line.split(/\s+/).filter(Boolean));
}
