import { MigrationRequested } from '@tandem/contracts';
import { ARTICLE_MIGRATION_SCHEDULE, ARTICLE_SCHEDULE_POLICY } from '@tandem/resources';
import { intervalPolicyYaml, SchedulerHarness, scheduleYaml } from './testing/scheduler.harness';

interface Problem {
  document?: number;
  kind?: string;
  name?: string;
  path: string;
  line?: number;
  message: string;
  fix: string;
}
interface Rejection {
  error: string;
  message: string;
  problems: Problem[];
}

/** The scheduler's HTTP API against a real process, database and JetStream server. */
describe('scheduler HTTP API', () => {
  let h: SchedulerHarness;

  beforeAll(async () => {
    h = await SchedulerHarness.start({ replicas: 1 });
  });

  afterAll(async () => {
    await h?.close();
  });

  it("accepts the article's SchedulePolicy and MigrationSchedule as YAML, and fires the schedule", async () => {
    const yaml = `${ARTICLE_SCHEDULE_POLICY}---\n${ARTICLE_MIGRATION_SCHEDULE}`;
    expect(await h.api.apply(yaml)).toEqual({
      applied: [
        { kind: 'SchedulePolicy', name: 'sched-policy', namespace: 'appns', action: 'created' },
        { kind: 'MigrationSchedule', name: 'migrationschedule', namespace: 'appns', action: 'created' },
      ],
      warnings: [],
    });
    // An interval counts from the schedule's creation: the first run is due at once.
    const [requested] = await h.bus.waitForCount(MigrationRequested, (d) => d.schedule.name === 'migrationschedule', 1);
    expect(requested!.data).toEqual(
      expect.objectContaining({
        migration: expect.stringMatching(/^migrationschedule-interval-\d{4}-\d{2}-\d{2}-\d{6}$/),
        schedule: { namespace: 'appns', name: 'migrationschedule' },
        schedulePolicy: 'sched-policy',
        policyType: 'interval',
        missed: 0,
        covers: [],
        template: {
          clusterPair: 'dr-site',
          namespaces: ['demo'],
          selectors: {},
          excludeSelectors: {},
          includeResources: true,
          includeVolumes: false,
          startApplications: false,
          purgeDeletedResources: false,
          includeOptionalResourceTypes: [],
        },
      }),
    );

    const view = await h.api.request<{ status: Record<string, unknown>; manifest: unknown }>('GET', '/v1/migration-schedules/appns/migrationschedule');
    expect(view.status).toBe(200);
    expect(view.body.status).toEqual(
      expect.objectContaining({
        suspended: false,
        nextFire: { interval: expect.any(String), daily: expect.stringMatching(/T22:14:00\.000Z$/), weekly: expect.stringMatching(/T22:13:00\.000Z$/), monthly: expect.stringMatching(/-14T20:05:00\.000Z$/) },
        lastRuns: { interval: expect.objectContaining({ name: requested!.data.migration, status: 'Pending', missed: 0 }) },
      }),
    );
    const policy = await h.api.request<{ policy: unknown; usedBy: number }>('GET', '/v1/schedule-policies/sched-policy');
    expect(policy.body).toEqual(
      expect.objectContaining({
        usedBy: 1,
        policy: expect.objectContaining({ timeZone: 'UTC', interval: { intervalMinutes: 1, retain: 10 }, monthly: { date: 14, time: '8:05PM', retain: 12 } }),
      }),
    );

    // Applying the same documents again changes nothing.
    expect(((await h.api.apply(yaml)) as { applied: { action: string }[] }).applied.map((a) => a.action)).toEqual(['unchanged', 'unchanged']);
    const listed = await h.api.request<{ items: { name: string; status: { lastRuns: object } }[] }>('GET', '/v1/migration-schedules?namespace=appns');
    expect(listed.body.items).toEqual([expect.objectContaining({ name: 'migrationschedule', status: expect.objectContaining({ lastRuns: { interval: expect.any(Object) } }) })]);
    const migrations = await h.api.request<{ items: { name: string }[] }>('GET', '/v1/migrations?namespace=appns&schedule=migrationschedule');
    expect(migrations.body.items.map((m) => m.name)).toEqual([requested!.data.migration]);
  });

  it('answers a bad document with 400 naming the document, the field, its line and the fix, and applies nothing', async () => {
    const yaml = `${intervalPolicyYaml('bad-policy', 5, '  daily:\n    time: "25:00"\n')}---\n${scheduleYaml('appns', 'bad-schedule', 'bad-policy', '      includeVolumes: yes\n')}`;
    const res = await h.api.request<Rejection>('POST', '/v1/resources', yaml);
    expect(res.status).toBe(400);
    expect(res.body.error).toBe('invalid-resource');
    expect(res.body.problems).toEqual([
      {
        document: 1,
        kind: 'SchedulePolicy',
        name: 'bad-policy',
        path: 'policy.daily.time',
        line: 9,
        column: 5,
        message: '"25:00" is not a time of day',
        fix: expect.stringContaining('"10:14PM"'),
      },
      expect.objectContaining({ document: 2, kind: 'MigrationSchedule', name: 'bad-schedule', path: 'spec.template.spec.includeVolumes', line: 22 }),
    ]);
    expect(res.body.message).toContain('document 1 (SchedulePolicy "bad-policy"), policy.daily.time (line 9, column 5): "25:00" is not a time of day. Write a time of day');
    expect((await h.api.request('GET', '/v1/schedule-policies/bad-policy')).status).toBe(404);
    expect((await h.api.request('GET', '/v1/migration-schedules/appns/bad-schedule')).status).toBe(404);
  });

  it('refuses a schedule whose policy does not exist, saying which exist', async () => {
    const res = await h.api.request<Rejection>('POST', '/v1/resources', scheduleYaml('appns', 'orphan', 'no-such-policy'));
    expect(res.status).toBe(400);
    expect(res.body.problems).toEqual([
      expect.objectContaining({
        document: 1,
        path: 'spec.schedulePolicyName',
        line: 7,
        message: 'SchedulePolicy "no-such-policy" does not exist',
        fix: expect.stringContaining('"sched-policy"'),
      }),
    ]);
  });

  it('takes JSON, refuses kinds it does not keep, and answers other content types with 415', async () => {
    const policy = { apiVersion: 'tandem.dev/v1alpha1', kind: 'SchedulePolicy', metadata: { name: 'json-policy' }, policy: { interval: { intervalSeconds: 30, retain: 3 } } };
    expect(await h.api.apply([policy])).toEqual({ applied: [{ kind: 'SchedulePolicy', name: 'json-policy', action: 'created' }], warnings: [] });
    expect(((await h.api.apply({ ...policy, policy: { interval: { intervalSeconds: 60, retain: 3 } } })) as { applied: { action: string }[] }).applied[0]!.action).toBe('configured');

    const pair = await h.api.request<Rejection>('POST', '/v1/resources', { apiVersion: 'tandem.dev/v1alpha1', kind: 'ClusterPair', metadata: { name: 'dr-site' } });
    expect(pair.status).toBe(400);
    expect(pair.body.problems).toEqual([expect.objectContaining({ document: 1, path: 'kind', message: 'the scheduler does not keep ClusterPair resources' })]);

    const other = await h.api.request<{ error: string; message: string }>('POST', '/v1/resources', '<xml/>', 'application/xml');
    expect(other.status).toBe(415);
    expect(other.body.message).toMatch(/^send the resources as YAML \(Content-Type: application\/yaml\) or JSON/);
  });

  it('answers what does not exist with 404, and refuses to delete a policy in use', async () => {
    expect((await h.api.request<{ error: string }>('POST', '/v1/migration-schedules/appns/nope/suspend')).body).toEqual({
      error: 'migration-schedule-not-found',
      message: 'no MigrationSchedule "nope" in namespace "appns"; GET /v1/migration-schedules lists them',
    });
    expect((await h.api.request('DELETE', '/v1/migration-schedules/appns/nope')).status).toBe(404);
    const inUse = await h.api.request<{ error: string; message: string }>('DELETE', '/v1/schedule-policies/sched-policy');
    expect(inUse.status).toBe(409);
    expect(inUse.body.message).toContain('is used by appns/migrationschedule');
    expect((await h.api.request('GET', '/v1/migration-schedules/Bad_NS/x')).status).toBe(400);

    expect((await h.api.request('DELETE', '/v1/schedule-policies/json-policy')).status).toBe(204);
    expect((await h.api.request('GET', '/v1/schedule-policies/json-policy')).status).toBe(404);
  });

  it('deletes a schedule with the records of its migrations', async () => {
    expect((await h.api.request('DELETE', '/v1/migration-schedules/appns/migrationschedule')).status).toBe(204);
    expect((await h.api.request<{ items: unknown[] }>('GET', '/v1/migrations?namespace=appns&schedule=migrationschedule')).body.items).toEqual([]);
    expect((await h.api.request('DELETE', '/v1/schedule-policies/sched-policy')).status).toBe(204);
  });

  it('serves its OpenAPI document and its metrics', async () => {
    const doc = (await h.api.request<{ paths: Record<string, unknown> }>('GET', '/openapi.json')).body;
    expect(Object.keys(doc.paths)).toEqual(
      expect.arrayContaining([
        '/v1/resources',
        '/v1/schedule-policies',
        '/v1/schedule-policies/{name}',
        '/v1/migration-schedules',
        '/v1/migration-schedules/{namespace}/{name}',
        '/v1/migration-schedules/{namespace}/{name}/suspend',
        '/v1/migration-schedules/{namespace}/{name}/resume',
        '/v1/migrations',
      ]),
    );
    const metrics = (await h.api.request<string>('GET', '/metrics')).body;
    expect(metrics).toMatch(/tandem_scheduler_runs_fired_total\{policy_type="interval"\} 1/);
    expect(metrics).toMatch(/tandem_scheduler_firing_lag_seconds_bucket\{le="1",policy_type="interval"\} 1/);
  });
});
