import type { FailoverView } from '../http/failover.views';
import { RecordedServices, runCaptured } from '../testing/cli-under-test';
import type { Route } from '../testing/recorded-service';

/**
 * `tandemctl failover` and `get failovers`, in process against recorded failover and coordinator services over real
 * HTTP: what each service is asked, what a person sees, and the exit code.
 */
const NOW = new Date('2026-11-26T12:05:00Z');
const NAME = 'appns-protect-failover-2026-11-26-120000';

const view = (over: Partial<FailoverView> = {}): FailoverView => ({
  name: NAME,
  namespace: 'appns',
  schedule: 'appns-protect',
  sourceDomain: 'primary',
  destinationDomain: 'dr-site',
  namespaces: ['appns'],
  stage: 'probe-source',
  status: 'InProgress',
  sourceStopped: false,
  workloads: [],
  createdAt: '2026-11-26T12:00:00.000Z',
  ...over,
});

const SUCCESSFUL = view({
  stage: 'Done',
  status: 'Successful',
  sourceReachable: true,
  sourceStopped: true,
  lastMigration: { name: 'appns-protect-interval-x', status: 'Successful' },
  workloads: [{ kind: 'StatefulSet', namespace: 'appns', name: 'pg', replicas: 1, ready: 1 }],
  rtoSeconds: 74.2,
  finishedAt: '2026-11-26T12:01:14.200Z',
});

const STARTED = { failover: NAME, sagaId: `failover_appns_${NAME}`, input: { failover: NAME, namespace: 'appns', schedule: 'appns-protect', sourceDomain: 'primary', destinationDomain: 'dr-site', namespaces: ['appns'], selectors: {}, skipSourceOperations: false, releaseTimeoutSeconds: 60, readyTimeoutSeconds: 180 } };

/** Answers the views in turn, the last one again and again. */
const inTurn = (views: (FailoverView | 404)[]): Route => {
  let i = 0;
  return () => {
    const next = views[Math.min(i++, views.length - 1)]!;
    return next === 404 ? { status: 404, body: { message: 'no failover' } } : { body: next };
  };
};

describe('tandemctl: failover', () => {
  const recorded = new RecordedServices();
  afterEach(() => recorded.close());

  async function withServices(services: { failover?: Record<string, Route>; coordinator?: Record<string, Route> }) {
    return recorded.start(services);
  }

  async function run(argv: string[], env: Record<string, string>) {
    return runCaptured(argv, env, { now: NOW });
  }

  const path = `GET /v1/failovers/appns/${NAME}`;

  it('starts it at the failover service, follows each stage at the coordinator, ends with the status and the RTO: exit 0', async () => {
    const { env, svc } = await withServices({
      failover: { 'POST /v1/failovers': { status: 201, body: STARTED } },
      coordinator: {
        [path]: inTurn([
          404,
          view(),
          view({ stage: 'prepare-source', sourceReachable: true }),
          view({ stage: 'prepare-source', sourceReachable: true }),
          view({ stage: 'fence-source', sourceReachable: true, sourceStopped: true }),
          view({ stage: 'activate-application', sourceReachable: true, sourceStopped: true }),
          SUCCESSFUL,
        ]),
      },
    });
    const r = await run(['failover', '-m', 'appns-protect', '-n', 'appns', '--exclude-namespaces', 'appns-cache'], env);
    expect(r).toEqual({
      code: 0,
      stdout:
        `failover appns/${NAME} started: primary → dr-site (namespaces appns)\n` +
        'stage probe-source\n' +
        'stage prepare-source (stopping the application on primary)\n' +
        'stage fence-source\n' +
        'stage activate-application\n' +
        `failover appns/${NAME}: Successful in 1m14s (RTO)\n` +
        '  statefulset/pg -n appns: 1/1 ready\n',
      stderr: '',
    });
    const post = svc['failover']!.requests[0]!;
    expect(JSON.parse(post.body)).toEqual({ namespace: 'appns', migrationSchedule: 'appns-protect', excludeNamespaces: ['appns-cache'], skipSourceOperations: false });
    expect(post.contentType).toBe('application/json');
  });

  it('a failover rolled back: the failed stage and the reason, exit 1', async () => {
    const reason = 'activate-application failed after 2 attempt(s): cannot activate the applications of namespace appns on this site: not ready within 120 s';
    const { env } = await withServices({
      failover: { 'POST /v1/failovers': { status: 201, body: STARTED } },
      coordinator: { [path]: inTurn([view({ stage: 'activate-application', reason }), view({ stage: 'activate-application', status: 'RolledBack', reason, finishedAt: '2026-11-26T12:03:00Z' })]) },
    });
    const r = await run(['failover', '-m', 'appns-protect', '-n', 'appns', '--skip-source-operations', '--include-namespaces', 'appns,appns-db'], env);
    expect(r.code).toBe(1);
    expect(r.stdout).toBe(
      `failover appns/${NAME} started: primary → dr-site (namespaces appns)\n` +
        'undoing after activate-application\n' +
        `failover appns/${NAME}: RolledBack at activate-application\n` +
        `  reason: ${reason}\n`,
    );
  });

  it('--no-wait: starts it and says how to follow it, asking the coordinator nothing', async () => {
    const { env, svc } = await withServices({ failover: { 'POST /v1/failovers': { status: 201, body: STARTED } }, coordinator: {} });
    const r = await run(['failover', '-m', 'appns-protect', '-n', 'appns', '--no-wait', '--skip-source-operations', '--include-namespaces', 'appns,appns-db'], env);
    expect(r).toEqual({ code: 0, stdout: `failover appns/${NAME} started: primary → dr-site (namespaces appns)\nfollow it with: tandemctl get failover ${NAME} -n appns\n`, stderr: '' });
    expect(JSON.parse(svc['failover']!.requests[0]!.body)).toEqual({ namespace: 'appns', migrationSchedule: 'appns-protect', includeNamespaces: ['appns', 'appns-db'], skipSourceOperations: true });
    expect(svc['coordinator']!.requests).toEqual([]);
  });

  it("says what the failover service refused (its message), exit 1", async () => {
    const message = 'no MigrationSchedule appns/nope on the source primary: list them with tandemctl get ms -n appns --context primary';
    const { env } = await withServices({ failover: { 'POST /v1/failovers': { status: 404, body: { statusCode: 404, message } } } });
    const r = await run(['failover', '-m', 'nope', '-n', 'appns'], env);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain(message);
  });

  it('refuses bad usage before asking anything: no schedule, a name, a bad namespace list', async () => {
    const { env, svc } = await withServices({ failover: {} });
    const noSchedule = await run(['failover', '-n', 'appns'], env);
    expect(noSchedule.code).toBe(2);
    expect(noSchedule.stderr).toContain('failover needs the migration schedule protecting the application: failover -m SCHEDULE');
    expect((await run(['failover', 'appns-protect'], env)).stderr).toContain('failover takes no name (the migration schedule is given with -m): got appns-protect');
    const badList = await run(['failover', '-m', 's', '--include-namespaces', 'appns,App_DB'], env);
    expect(badList.code).toBe(2);
    expect(badList.stderr).toContain('--include-namespaces appns,App_DB: "App_DB" is not a namespace name');
    expect(svc['failover']!.requests).toEqual([]);
  });

  describe('failback', () => {
    const BACK = 'appns-protect-back-failover-2026-11-26-130000';
    const backPath = `GET /v1/failovers/appns/${BACK}`;
    const back = (over: Partial<FailoverView> = {}): FailoverView => view({ name: BACK, schedule: 'appns-protect-back', sourceDomain: 'dr-site', destinationDomain: 'primary', ...over });
    const STARTED_BACK = {
      failover: BACK,
      sagaId: `failover_appns_${BACK}`,
      input: { ...STARTED.input, failover: BACK, schedule: 'appns-protect-back', sourceDomain: 'dr-site', destinationDomain: 'primary' },
    };

    it('the same request as failover with the reverse schedule, worded as a failback, each stage followed to the end: exit 0', async () => {
      const { env, svc } = await withServices({
        failover: { 'POST /v1/failovers': { status: 201, body: STARTED_BACK } },
        coordinator: {
          [backPath]: inTurn([
            back({ stage: 'prepare-source', sourceReachable: true }),
            back({ stage: 'fence-source', sourceReachable: true, sourceStopped: true }),
            back({ stage: 'activate-destination', sourceReachable: true, sourceStopped: true }),
            back({ stage: 'activate-application', sourceReachable: true, sourceStopped: true }),
            back({ ...SUCCESSFUL, name: BACK, schedule: 'appns-protect-back', sourceDomain: 'dr-site', destinationDomain: 'primary', rtoSeconds: 31 }),
          ]),
        },
      });
      const r = await run(['failback', '-m', 'appns-protect-back', '-n', 'appns'], env);
      expect(r).toEqual({
        code: 0,
        stdout:
          `failback appns/${BACK} started: dr-site → primary (namespaces appns)\n` +
          'stage prepare-source (stopping the application on dr-site)\n' +
          'stage fence-source\n' +
          'stage activate-destination (letting primary run its applications)\n' +
          'stage activate-application\n' +
          `failback appns/${BACK}: Successful in 31s (RTO)\n` +
          '  statefulset/pg -n appns: 1/1 ready\n',
        stderr: '',
      });
      expect(svc['failover']!.requests.map((q) => [q.method, q.url])).toEqual([['POST', '/v1/failovers']]);
      expect(JSON.parse(svc['failover']!.requests[0]!.body)).toEqual({ namespace: 'appns', migrationSchedule: 'appns-protect-back', skipSourceOperations: false });
    });

    it('rolled back: the failed stage and the reason, exit 1; --no-wait: started and how to follow it', async () => {
      const reason = 'activate-destination failed after 5 attempt(s): the fence could not be written';
      const { env } = await withServices({
        failover: { 'POST /v1/failovers': { status: 201, body: STARTED_BACK } },
        coordinator: { [backPath]: inTurn([back({ stage: 'activate-destination', status: 'RolledBack', reason, finishedAt: '2026-11-26T13:01:00Z' })]) },
      });
      const r = await run(['failback', '-m', 'appns-protect-back', '-n', 'appns'], env);
      expect(r.code).toBe(1);
      expect(r.stdout).toBe(`failback appns/${BACK} started: dr-site → primary (namespaces appns)\nfailback appns/${BACK}: RolledBack at activate-destination\n  reason: ${reason}\n`);
      const noWait = await run(['failback', '-m', 'appns-protect-back', '-n', 'appns', '--no-wait'], env);
      expect(noWait).toEqual({ code: 0, stdout: `failback appns/${BACK} started: dr-site → primary (namespaces appns)\nfollow it with: tandemctl get failover ${BACK} -n appns\n`, stderr: '' });
    });

    it('refuses bad usage before asking anything, with the failback usage', async () => {
      const { env, svc } = await withServices({ failover: {} });
      const noSchedule = await run(['failback', '-n', 'appns'], env);
      expect(noSchedule.code).toBe(2);
      expect(noSchedule.stderr).toContain('failback needs the reverse migration schedule (from the DR site back to this site) protecting the application: failback -m SCHEDULE');
      expect(noSchedule.stderr).toContain('usage: tandemctl failback -m REVERSE-SCHEDULE');
      expect((await run(['failback', 'appns-protect-back'], env)).stderr).toContain('failback takes no name (the migration schedule is given with -m): got appns-protect-back');
      expect(svc['failover']!.requests).toEqual([]);
    });
  });

  describe('get failovers', () => {
    const rolledBack = view({ name: 'appns-protect-failover-2026-11-25-090000', stage: 'prepare-source', status: 'RolledBack', reason: 'prepare-source failed', createdAt: '2026-11-25T09:00:00.000Z' });

    it('the table: NAME, SCHEDULE, SOURCE, DESTINATION, STAGE, STATUS, RTO, CREATED', async () => {
      const { env, svc } = await withServices({ coordinator: { 'GET /v1/failovers?namespace=appns': { body: { items: [SUCCESSFUL, rolledBack] } } } });
      for (const word of ['failovers', 'failover']) {
        expect(await run(['get', word, '-n', 'appns'], env)).toEqual({
          code: 0,
          stdout:
            'NAME                                       SCHEDULE        SOURCE    DESTINATION   STAGE            STATUS       RTO     CREATED\n' +
            'appns-protect-failover-2026-11-26-120000   appns-protect   primary   dr-site       Done             Successful   1m14s   2026-11-26 12:00:00 UTC\n' +
            'appns-protect-failover-2026-11-25-090000   appns-protect   primary   dr-site       prepare-source   RolledBack   -       2026-11-25 09:00:00 UTC\n',
          stderr: '',
        });
      }
      expect(svc['coordinator']!.requests.map((q) => q.url)).toEqual(['/v1/failovers?namespace=appns', '/v1/failovers?namespace=appns']);
    });

    it('-o wide adds the source, the last migration, the workloads and the reason; -A the namespace', async () => {
      const { env } = await withServices({ coordinator: { 'GET /v1/failovers': { body: { items: [SUCCESSFUL, rolledBack] } } } });
      const r = await run(['get', 'failovers', '-A', '-o', 'wide'], env);
      const [header, first, second] = r.stdout.split('\n');
      expect(header!.split(/ {3,}/)).toEqual(['NAMESPACE', 'NAME', 'SCHEDULE', 'SOURCE', 'DESTINATION', 'STAGE', 'STATUS', 'RTO', 'CREATED', 'SOURCE-REACHABLE', 'SOURCE-STOPPED', 'LAST-MIGRATION', 'WORKLOADS', 'REASON']);
      expect(first!.split(/ {3,}/).slice(9)).toEqual(['yes', 'yes', 'appns-protect-interval-x (Successful)', 'statefulset/pg 1/1', '-']);
      expect(second!.split(/ {3,}/).slice(9)).toEqual(['-', 'no', '-', '-', 'prepare-source failed']);
    });

    it('one as JSON or YAML: the view as the coordinator gave it; none: said on stderr', async () => {
      const { env } = await withServices({
        coordinator: { [path]: { body: SUCCESSFUL }, 'GET /v1/failovers?namespace=other': { body: { items: [] } } },
      });
      expect(JSON.parse((await run(['get', 'failover', NAME, '-n', 'appns', '-o', 'json'], env)).stdout)).toEqual(SUCCESSFUL);
      expect((await run(['get', 'failover', NAME, '-n', 'appns', '-o', 'yaml'], env)).stdout).toContain('rtoSeconds: 74.2\n');
      expect(await run(['get', 'failovers', '-n', 'other'], env)).toEqual({ code: 0, stdout: '', stderr: 'no failovers in namespace "other"\n' });
    });
  });
});
