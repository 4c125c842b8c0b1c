import {
  type CloudEvent,
  type DataOf,
  DomainActiveSet,
  DomainActivated,
  DomainDeactivated,
  MigrationFinished,
  PrepareSourceForFailover,
  PrepareSourceForFailoverFailed,
  ProbeSite,
  ProbeSiteFailed,
  RestoreSourceAfterFailover,
  RestoreSourceAfterFailoverFailed,
  SetDomainActive,
  SetDomainActiveFailed,
  SetDomainEpoch,
  SiteProbed,
  SourcePreparedForFailover,
  SourceRestoredAfterFailover,
  StartSaga,
} from '@tandem/contracts';
import { LabSiteFixture, TestBus } from '@tandem/integration-testing';
import { Annotations, type KubeObject, type LabPlatform, type ObjectRef, readDomainFence } from '@tandem/platform';
import { createTestDatabase, freePort, type NatsServerHandle, type RunningService, startNatsServer, startService, type TestDatabase, uniqueName, waitFor } from '@tandem/testing';
import type { DomainView } from './domains/domain-view';
import type { ProtectedApplication } from './protected/protected-applications.store';

type Prepared = DataOf<typeof SourcePreparedForFailover>;
type Failure = { requestId: string; reason: string; retryable: boolean; sagaRef?: unknown };

/**
 * The failover service's part of a failover, on one real lab site (domain primary) with a real scheduler: the
 * source side (prepare: suspend, scale down, wait for the pods to go; the rollback when a later step fails; restore),
 * probing the other site, fencing, the protected applications and starting a failover. The last mile is proved only
 * up to its failure (the coordinator URL answers nothing): the rollback it causes is what is checked here.
 */
describe('failover service: the failover commands', () => {
  let nats: NatsServerHandle;
  let lab: LabSiteFixture;
  let platform: LabPlatform;
  let schedulerDb: TestDatabase;
  let failoverDb: TestDatabase;
  let scheduler: RunningService;
  let failover: RunningService;
  let bus: TestBus;
  const prefix = uniqueName('fo-cmds');
  const ns = 'appns';
  const sagaRef = { sagaId: 'failover_appns_app-failover-1', step: 'prepare-source', attempt: 1, action: 'do' as const };

  const deployment = (name: string, replicas: number, labels: Record<string, string>): KubeObject => ({
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name, namespace: ns, labels },
    spec: { replicas, selector: { matchLabels: { app: name } }, template: { metadata: { labels: { app: name } }, spec: { terminationGracePeriodSeconds: 1, containers: [{ name: 'main', image: 'busybox:1.36' }] } } },
  });
  const ref = (name: string): ObjectRef => ({ apiVersion: 'apps/v1', kind: 'Deployment', namespace: ns, name });
  const replicasOf = async (name: string) => ((await platform.get(ref(name)))?.['spec'] as { replicas?: number }).replicas;
  const running = (name: string, pods: number) =>
    waitFor(async () => (await platform.workloadStatus(ref(name))).ready === pods, { what: `${name} to run ${pods} pod(s)`, timeoutMs: 30_000, intervalMs: 100 });
  const schedule = async () => (await scheduler.request<{ suspend: boolean }>('GET', `/v1/migration-schedules/${ns}/app`)).body;
  const answer = async (commandId: string, defs: Parameters<TestBus['answerTo']>[1]) => bus.answerTo(commandId, defs, 60_000);
  const prepare = (requestId: string, over: Partial<DataOf<typeof PrepareSourceForFailover>> = {}) =>
    bus.send(
      PrepareSourceForFailover,
      { requestId, sagaRef, schedule: { namespace: ns, name: 'app' }, namespaces: [ns], selectors: { protect: 'yes' }, lastMile: false, releaseTimeoutSeconds: 30, ...over },
      { scope: 'primary' },
    );

  beforeAll(async () => {
    nats = await startNatsServer();
    [lab, schedulerDb, failoverDb] = await Promise.all([LabSiteFixture.create('primary'), createTestDatabase('fo_cmds_scheduler'), createTestDatabase('fo_cmds_failover')]);
    platform = await lab.platform();
    scheduler = await startService({ app: 'scheduler', name: 'scheduler-primary', natsUrl: nats.url, prefix, databaseUrl: schedulerDb.url });
    failover = await startService({
      app: 'failover',
      name: 'failover-primary',
      natsUrl: nats.url,
      prefix,
      databaseUrl: failoverDb.url,
      env: {
        TANDEM_DOMAIN: 'primary',
        TANDEM_PLATFORM: `lab:${lab.dir}`,
        TANDEM_FAILOVER_SCHEDULER_URL: scheduler.url,
        // Nothing listens there: a last mile fails once the application is down, and is rolled back.
        TANDEM_FAILOVER_COORDINATOR_URL: `http://127.0.0.1:${await freePort()}`,
      },
    });
    bus = await TestBus.open(nats.url, prefix, 'failover');
    const applied = await scheduler.request(
      'POST',
      '/v1/resources',
      `apiVersion: stork.libopenstorage.org/v1alpha1
kind: SchedulePolicy
metadata: {name: hourly, namespace: ${ns}}
policy:
  interval: {intervalMinutes: 60}
---
apiVersion: stork.libopenstorage.org/v1alpha1
kind: MigrationSchedule
metadata: {name: app, namespace: ${ns}}
spec:
  schedulePolicyName: hourly
  template:
    spec:
      clusterPair: to-dr
      namespaces: [${ns}]
      selectors: {protect: "yes"}
      includeResources: true
      includeVolumes: false
      startApplications: false
`,
      'application/yaml',
    );
    expect(applied.status).toBe(200);
    await platform.apply({ apiVersion: 'v1', kind: 'Namespace', metadata: { name: ns } }, { fieldManager: 'test' });
    await platform.apply(deployment('web', 2, { protect: 'yes' }), { fieldManager: 'test' });
    await platform.apply(deployment('api', 1, { protect: 'yes' }), { fieldManager: 'test' });
    await platform.apply(deployment('cache', 1, {}), { fieldManager: 'test' });
    await Promise.all([running('web', 2), running('api', 1), running('cache', 1)]);
  });

  afterAll(async () => {
    await bus?.close().catch(() => undefined);
    await failover?.process.stop();
    await scheduler?.process.stop();
    await platform?.close().catch(() => undefined);
    await lab?.dispose().catch(() => undefined);
    await failoverDb?.drop();
    await schedulerDb?.drop();
    await nats?.stop();
  });

  describe('the source side', () => {
    let prepared: Prepared;

    it('refuses a schedule this site does not have, touching nothing', async () => {
      const id = await prepare('fo-test.unknown-schedule', { schedule: { namespace: ns, name: 'nope' } });
      const failed = (await answer(id, [PrepareSourceForFailoverFailed, SourcePreparedForFailover])) as CloudEvent<Failure>;
      expect(failed.type).toBe(PrepareSourceForFailoverFailed.type);
      expect(failed.data).toMatchObject({ requestId: 'fo-test.unknown-schedule', sagaRef, retryable: false });
      expect(failed.data.reason).toContain('suspend-schedule failed');
      expect(failed.data.reason).toContain('which this site does not have');
      expect(await replicasOf('web')).toBe(2);
    });

    it('suspends the schedule, scales the selected workloads down recording their replicas, and waits for their pods to go', async () => {
      const id = await prepare('fo-test.prepare');
      const ok = (await answer(id, [SourcePreparedForFailover, PrepareSourceForFailoverFailed])) as CloudEvent<Prepared>;
      expect(ok.type).toBe(SourcePreparedForFailover.type);
      expect(ok.id).toBe(`fo-test.prepare/answer/${id}`);
      expect(ok.data).toMatchObject({ requestId: 'fo-test.prepare', sagaRef });
      prepared = ok.data;
      expect(prepared.output.domain).toBe('primary');
      expect(prepared.output.scheduleSuspended).toBe(true);
      expect(prepared.output.lastMigration).toBeUndefined();
      expect([...prepared.output.scaledDown].sort((a, b) => a.name.localeCompare(b.name))).toEqual([
        { kind: 'Deployment', namespace: ns, name: 'api', replicas: 1 },
        { kind: 'Deployment', namespace: ns, name: 'web', replicas: 2 },
      ]);
      // Answered only once the pods were gone.
      expect(await platform.workloadStatus(ref('web'))).toMatchObject({ current: 0 });
      expect(await platform.workloadStatus(ref('api'))).toMatchObject({ current: 0 });
      expect((await schedule()).suspend).toBe(true);
      // Not selected: left running.
      expect(await replicasOf('cache')).toBe(1);
    });

    it('answers a repeated command with the recorded outcome, as its own answer', async () => {
      const again = await prepare('fo-test.prepare');
      const ok = (await answer(again, [SourcePreparedForFailover, PrepareSourceForFailoverFailed])) as CloudEvent<Prepared>;
      expect(ok.id).toBe(`fo-test.prepare/answer/${again}`);
      // Done again, it would have found the workloads already at zero and scaled nothing.
      expect(ok.data.output).toEqual(prepared.output);
    });

    it('scales back exactly what it scaled, and resumes the schedule', async () => {
      await platform.apply(deployment('cache', 0, {}), { fieldManager: 'test' });
      const id = await bus.send(RestoreSourceAfterFailover, { requestId: 'fo-test.restore', sagaRef, schedule: { namespace: ns, name: 'app' }, workloads: prepared.output.scaledDown }, { scope: 'primary' });
      const ok = (await answer(id, [SourceRestoredAfterFailover, RestoreSourceAfterFailoverFailed])) as CloudEvent<DataOf<typeof SourceRestoredAfterFailover>>;
      expect(ok.type).toBe(SourceRestoredAfterFailover.type);
      expect(ok.data.output).toMatchObject({ domain: 'primary', scheduleResumed: true });
      expect(await replicasOf('web')).toBe(2);
      expect(await replicasOf('api')).toBe(1);
      expect((await platform.get(ref('web')))?.metadata.annotations?.[Annotations.replicas]).toBeUndefined();
      expect(await replicasOf('cache')).toBe(0);
      expect((await schedule()).suspend).toBe(false);
      await Promise.all([running('web', 2), running('api', 1)]);
    });

    it('rolls back when a step after the scale-down fails: workloads up again, schedule resumed, the step named', async () => {
      const id = await prepare('fo-test.last-mile', { lastMile: true });
      const failed = (await answer(id, [PrepareSourceForFailoverFailed, SourcePreparedForFailover])) as CloudEvent<Failure>;
      expect(failed.type).toBe(PrepareSourceForFailoverFailed.type);
      expect(failed.data.reason).toContain('last-mile failed');
      expect(failed.data.reason).toContain("this site's coordinator");
      expect(failed.data.reason).toContain('scaled 2 of 2 workload(s) back up and resumed the schedule');
      expect(await replicasOf('web')).toBe(2);
      expect(await replicasOf('api')).toBe(1);
      expect((await schedule()).suspend).toBe(false);
    });
  });

  describe('probing the other site', () => {
    const pair = (name: string, endpoint: string) => `apiVersion: tandem.dev/v1alpha1
kind: ClusterPair
metadata: {name: ${name}, namespace: ${ns}}
spec:
  destination:
    endpoints: [${endpoint}]
    clusterDomain: dr-site
    kubeconfigSecretRef: {name: ${name}-platform}
`;

    it('cannot probe a domain no pair names, and says what to do', async () => {
      const id = await bus.send(ProbeSite, { requestId: 'fo-test.probe-none', domain: 'dr-site' });
      const failed = (await answer(id, [ProbeSiteFailed, SiteProbed])) as CloudEvent<Failure>;
      expect(failed.type).toBe(ProbeSiteFailed.type);
      expect(failed.data.retryable).toBe(false);
      expect(failed.data.reason).toContain('no ClusterPair on this site (domain primary) names cluster domain dr-site');
      expect(failed.data.reason).toContain('create it here');
    });

    it('finds the site unreachable when nothing of it answers, naming what did not', async () => {
      const dead = `http://127.0.0.1:${await freePort()}`;
      expect((await failover.request('POST', '/v1/resources', pair('to-dr', dead), 'application/yaml')).status).toBe(200);
      const id = await bus.send(ProbeSite, { requestId: 'fo-test.probe-down', domain: 'dr-site' });
      const probed = (await answer(id, [SiteProbed, ProbeSiteFailed])) as CloudEvent<DataOf<typeof SiteProbed>>;
      expect(probed.type).toBe(SiteProbed.type);
      expect(probed.data.output).toMatchObject({ domain: 'dr-site', reachable: false });
      expect(probed.data.output.reason).toContain(`endpoint ${dead}`);
      expect(probed.data.output.reason).toContain('Secret appns/to-dr-platform');
    });

    it('finds the site reachable when one endpoint answers', async () => {
      // This site's own failover API stands for the other site's.
      expect((await failover.request('POST', '/v1/resources', pair('to-dr-2', failover.url), 'application/yaml')).status).toBe(200);
      const id = await bus.send(ProbeSite, { requestId: 'fo-test.probe-up', domain: 'dr-site' });
      const probed = (await answer(id, [SiteProbed, ProbeSiteFailed])) as CloudEvent<DataOf<typeof SiteProbed>>;
      expect(probed.data.output).toMatchObject({ domain: 'dr-site', reachable: true });
      expect(probed.data.output.reason).toBeUndefined();
    });
  });

  describe('protected applications and starting a failover', () => {
    const finished = (migration: string, status: 'Successful' | 'Failed', finishedAt: string, takenAt?: string): DataOf<typeof MigrationFinished> => ({
      migration,
      namespace: ns,
      status,
      finishedAt,
      ...(status === 'Failed' ? { reason: 'the destination was not ready' } : {}),
      schedule: 'back',
      clusterPair: 'to-primary',
      sourceDomain: 'dr-site',
      destinationDomain: 'primary',
      namespaces: [ns, 'db'],
      selectors: { protect: 'yes' },
      ...(takenAt ? { takenAt } : {}),
    });
    const list = async () => (await failover.request<{ items: ProtectedApplication[] }>('GET', '/v1/protected-applications')).body.items;

    it('records the applications migrated to this site: the newest migration, and the point this site holds', async () => {
      await bus.send(MigrationFinished, finished('back-1', 'Successful', '2026-11-26T10:00:00.000Z', '2026-11-26T09:59:50.000Z'));
      await bus.send(MigrationFinished, finished('back-2', 'Failed', '2026-11-26T10:05:00.000Z'));
      // A migration to another domain is not protected here.
      await bus.send(MigrationFinished, { ...finished('away-1', 'Successful', '2026-11-26T10:06:00.000Z'), schedule: 'away', destinationDomain: 'dr-site' });
      // The two may be handled in either order: wait until both are (back-2 the newest, back-1's point kept).
      const recorded = (a: ProtectedApplication) => a.lastMigration === 'back-2' && a.takenAt !== undefined;
      const items = await waitFor(async () => ((await list()).find(recorded) ? list() : undefined), { what: 'back-1 and back-2 recorded', timeoutMs: 20_000, intervalMs: 100 });
      expect(items).toEqual([
        {
          namespace: ns,
          schedule: 'back',
          clusterPair: 'to-primary',
          sourceDomain: 'dr-site',
          destinationDomain: 'primary',
          namespaces: [ns, 'db'],
          selectors: { protect: 'yes' },
          lastMigration: 'back-2',
          status: 'Failed',
          reason: 'the destination was not ready',
          finishedAt: '2026-11-26T10:05:00.000Z',
          takenAt: '2026-11-26T09:59:50.000Z',
        },
      ]);
    });

    it('starts the failover saga of a protected application, and answers 202 with it', async () => {
      const res = await failover.request<{ failover: string; sagaId: string; input: Record<string, unknown> }>('POST', '/v1/failovers', {
        namespace: ns,
        migrationSchedule: 'back',
        excludeNamespaces: ['db'],
        releaseTimeoutSeconds: 20,
      });
      expect(res.status).toBe(202);
      expect(res.body.failover).toMatch(/^back-failover-\d{14}$/);
      expect(res.body.sagaId).toBe(`failover_${ns}_${res.body.failover}`);
      expect(res.body.input).toEqual({
        failover: res.body.failover,
        namespace: ns,
        schedule: 'back',
        sourceDomain: 'dr-site',
        destinationDomain: 'primary',
        namespaces: [ns],
        selectors: { protect: 'yes' },
        skipSourceOperations: false,
        releaseTimeoutSeconds: 20,
        readyTimeoutSeconds: 180,
      });
      const stored = await waitFor(
        async () => {
          try {
            return await bus.bus.jsm.streams.getMessage(bus.bus.naming.streams.commands, { last_by_subj: StartSaga.subject(bus.bus.naming) });
          } catch {
            return undefined;
          }
        },
        { what: 'the start-saga command', timeoutMs: 20_000, intervalMs: 100 },
      );
      expect(stored.json<CloudEvent<DataOf<typeof StartSaga>>>().data).toEqual({ sagaId: res.body.sagaId, saga: 'failover', input: res.body.input });
    });

    it('refuses a schedule not protected to this site (404) and a bad field (400), naming them', async () => {
      const away = await failover.request<{ message: string }>('POST', '/v1/failovers', { namespace: ns, migrationSchedule: 'away' });
      expect(away.status).toBe(404);
      expect(away.body.message).toContain(`no protected application of MigrationSchedule ${ns}/away on this site`);
      const bad = await failover.request<{ message: string }>('POST', '/v1/failovers', { namespace: ns, migrationSchedule: 'back', readyTimeoutSeconds: 0 });
      expect(bad.status).toBe(400);
      expect(bad.body.message).toContain('readyTimeoutSeconds');
      const foreign = await failover.request<{ message: string }>('POST', '/v1/failovers', { namespace: ns, migrationSchedule: 'back', includeNamespaces: ['elsewhere'] });
      expect(foreign.status).toBe(400);
      expect(foreign.body.message).toContain('includeNamespaces: elsewhere is not among the namespaces');
    });
  });

  describe('fencing', () => {
    const domain = async (name: string) => (await failover.request<DomainView>('GET', `/v1/clusterdomains/${name}`)).body;

    it('sets a domain active or not as the API does, and answers with its epoch', async () => {
      const id = await bus.send(SetDomainActive, { requestId: 'fo-test.fence-dr', domain: 'dr-site', active: false, reason: 'test' });
      const set = (await answer(id, [DomainActiveSet, SetDomainActiveFailed])) as CloudEvent<DataOf<typeof DomainActiveSet>>;
      expect(set.data.output).toEqual({ domain: 'dr-site', active: false, epoch: 1, changed: true });
      expect(await domain('dr-site')).toMatchObject({ active: false, epoch: 1 });
      const unknown = await bus.send(SetDomainActive, { requestId: 'fo-test.fence-nowhere', domain: 'nowhere', active: false, reason: 'test' });
      const failed = (await answer(unknown, [SetDomainActiveFailed, DomainActiveSet])) as CloudEvent<Failure>;
      expect(failed.data).toMatchObject({ retryable: false });
      expect(failed.data.reason).toContain('cluster domain nowhere is not known on this site');
    });

    it("adopts its own domain's deactivation under a newer epoch, fencing this site", async () => {
      await bus.send(DomainDeactivated, { domain: 'primary', epoch: 5, previousEpoch: 4, reason: 'failover to dr-site', at: new Date().toISOString() });
      await waitFor(async () => (await domain('primary')).epoch === 5, { what: 'primary at epoch 5', timeoutMs: 20_000, intervalMs: 100 });
      expect(await domain('primary')).toMatchObject({ active: false, epoch: 5 });
      expect(await readDomainFence(platform)).toEqual({ domain: 'primary', active: false, epoch: 5 });
      // And tells this site's agents.
      const told = await bus.bus.jsm.streams.getMessage(bus.bus.naming.streams.commands, { last_by_subj: SetDomainEpoch.subject(bus.bus.naming, 'primary') });
      expect(told?.json<CloudEvent<DataOf<typeof SetDomainEpoch>>>()).toMatchObject({ id: 'domain/primary/epoch/5/adopted/set-domain-epoch', data: { domain: 'primary', epoch: 5 } });
      // An older epoch changes nothing.
      await bus.send(DomainDeactivated, { domain: 'primary', epoch: 3, previousEpoch: 2, at: new Date().toISOString() });
      await bus.send(DomainDeactivated, { domain: 'primary', epoch: 6, previousEpoch: 5, at: new Date().toISOString() });
      await waitFor(async () => (await domain('primary')).epoch === 6, { what: 'primary at epoch 6', timeoutMs: 20_000, intervalMs: 100 });
      expect(await readDomainFence(platform)).toEqual({ domain: 'primary', active: false, epoch: 6 });
    });

    it("records the other domain's newer epoch (it activated itself), never an older one, without touching this site's fence", async () => {
      const before = await readDomainFence(platform);
      await bus.send(DomainActivated, { domain: 'dr-site', epoch: 7, previousEpoch: 6, reason: 'failback to dr-site', at: new Date().toISOString() });
      await waitFor(async () => (await domain('dr-site')).epoch === 7, { what: 'dr-site at epoch 7', timeoutMs: 20_000, intervalMs: 100 });
      expect(await domain('dr-site')).toMatchObject({ active: true, epoch: 7 });
      await bus.send(DomainDeactivated, { domain: 'dr-site', epoch: 4, previousEpoch: 3, at: new Date().toISOString() });
      await bus.send(DomainActivated, { domain: 'dr-site', epoch: 8, previousEpoch: 7, at: new Date().toISOString() });
      await waitFor(async () => (await domain('dr-site')).epoch === 8, { what: 'dr-site at epoch 8', timeoutMs: 20_000, intervalMs: 100 });
      expect(await domain('dr-site')).toMatchObject({ active: true, epoch: 8 });
      expect(await readDomainFence(platform)).toEqual(before);
    });
  });
});
