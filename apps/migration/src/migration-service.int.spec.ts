import { basename, join } from 'node:path';
import { parseAllDocuments } from 'yaml';
import {
  type CloudEvent,
  type DataOf,
  DestinationVolumesPrepared,
  MigrateResources,
  MigrateResourcesFailed,
  PrepareDestinationVolumes,
  PrepareDestinationVolumesFailed,
  ResourcesMigrated,
} from '@tandem/contracts';
import type { KubeObject, LabPlatform } from '@tandem/platform';
import { waitFor } from '@tandem/testing';
import { LabSiteFixture } from '@tandem/integration-testing';
import { MigrationHarness } from './testing/migration.harness';

// Two lab sites, each served by its own process: a small application (a StatefulSet with its claim, a ConfigMap, a
// Secret, a Service) runs on east, where the migration service runs; west is the destination, reached through a
// Secret on east holding west's lab-url and lab-token.
const NS = 'shop';
const APP = `
apiVersion: v1
kind: Namespace
metadata: { name: ${NS} }
---
apiVersion: v1
kind: ConfigMap
metadata: { name: settings, namespace: ${NS}, labels: { app: shop } }
data: { mode: primary }
---
apiVersion: v1
kind: Secret
metadata: { name: db-credentials, namespace: ${NS}, labels: { app: shop } }
stringData: { password: not-a-real-password }
---
apiVersion: v1
kind: Service
metadata: { name: db, namespace: ${NS}, labels: { app: shop } }
spec:
  clusterIP: None
  selector: { app: db }
  ports: [{ port: 5432 }]
---
apiVersion: apps/v1
kind: StatefulSet
metadata: { name: db, namespace: ${NS}, labels: { app: shop } }
spec:
  replicas: 1
  serviceName: db
  selector: { matchLabels: { app: db } }
  template:
    metadata: { labels: { app: db } }
    spec:
      containers:
        - name: db
          image: registry.example.com/db:15
          command: [sh, -c, 'echo ready > /data/marker; while true; do sleep 1; done']
          volumeMounts: [{ name: data, mountPath: /data }]
  volumeClaimTemplates:
    - metadata: { name: data }
      spec:
        accessModes: [ReadWriteOnce]
        storageClassName: lab-local
        resources: { requests: { storage: 1Gi } }
`;

const scope = {
  clusterPair: 'west',
  clusterPairNamespace: 'tandem',
  destinationAccess: { namespace: 'tandem', name: 'west-access' },
  namespaces: [NS],
  selectors: {},
  excludeSelectors: {},
};
const migrateCommand = (requestId: string, overrides: Partial<DataOf<typeof MigrateResources>> = {}): DataOf<typeof MigrateResources> => ({
  ...scope,
  requestId,
  migration: 'shop-interval-20261126t000000z',
  startApplications: false,
  purgeDeletedResources: false,
  includeOptionalResourceTypes: [],
  ...overrides,
});

let east: LabSiteFixture;
let west: LabSiteFixture;
let source: LabPlatform;
let destination: LabPlatform;
let harness: MigrationHarness;

/** An object of the application's namespace, or a cluster-scoped one (`namespace` null). */
const get = (platform: LabPlatform, apiVersion: string, kind: string, name: string, namespace: string | null = NS) =>
  platform.get({ apiVersion, kind, name, ...(namespace === null ? {} : { namespace }) });
const spec = (object: KubeObject | undefined) => (object?.['spec'] ?? {}) as Record<string, unknown>;

beforeAll(async () => {
  [east, west] = await Promise.all([LabSiteFixture.create('east'), LabSiteFixture.create('west')]);
  [source, destination] = await Promise.all([east.platform(), west.platform()]);
  for (const document of parseAllDocuments(APP)) await source.apply(document.toJS() as KubeObject, { fieldManager: 'kubectl' });
  const access = await west.access();
  await source.apply({ apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'tandem' } }, { fieldManager: 'kubectl' });
  await source.apply(
    { apiVersion: 'v1', kind: 'Secret', metadata: { name: 'west-access', namespace: 'tandem' }, stringData: { 'lab-url': access.url, 'lab-token': access.token } },
    { fieldManager: 'kubectl' },
  );
  await waitFor(async () => (await source.volumesFor(NS, ['data-db-0']))[0]?.path, { what: 'claim data-db-0 to be bound on east', timeoutMs: 60_000 });
  harness = await MigrationHarness.start({ platform: `lab:${east.dir}`, env: { TANDEM_MIGRATION_BIND_TIMEOUT_MS: '5000' } });
}, 180_000);

afterAll(async () => {
  await harness?.close();
  await Promise.all([source?.close(), destination?.close()]);
  await Promise.all([east?.dispose(), west?.dispose()]);
}, 60_000);

describe('the migration service, between two lab sites', () => {
  let prepared: CloudEvent<DataOf<typeof DestinationVolumesPrepared>>;

  it('prepares the claims on the destination, bound to volumes of the destination', async () => {
    const sourceBinding = (await source.volumesFor(NS, ['data-db-0']))[0]!;
    const commandId = await harness.bus.send(PrepareDestinationVolumes, { ...scope, requestId: 'protect-1.prepare', claims: [{ namespace: NS, name: 'data-db-0' }] });
    const answer = await harness.bus.answerTo(commandId, [DestinationVolumesPrepared, PrepareDestinationVolumesFailed]);
    expect(answer.type).toBe(DestinationVolumesPrepared.type);
    prepared = answer as CloudEvent<DataOf<typeof DestinationVolumesPrepared>>;

    const claim = await get(destination, 'v1', 'PersistentVolumeClaim', 'data-db-0');
    expect((claim?.['status'] as { phase?: string } | undefined)?.phase).toBe('Bound');
    const volumeName = spec(claim)['volumeName'] as string;
    const volume = await get(destination, 'v1', 'PersistentVolume', volumeName, null);
    const path = (spec(volume)['hostPath'] as { path: string }).path;
    expect(path.startsWith(join(west.dir, 'volumes'))).toBe(true);
    expect(volumeName).not.toBe(sourceBinding.volumeName);
    // The source's dynamically provisioned volume stays where it is: only its claim went over.
    expect(await get(destination, 'v1', 'PersistentVolume', sourceBinding.volumeName!, null)).toBeUndefined();
    expect(prepared.data).toEqual({ requestId: 'protect-1.prepare', output: { volumes: [{ claim: { namespace: NS, name: 'data-db-0' }, volume: basename(path), node: expect.any(String) }] } });
  });

  it('migrates the resources: the destination has them, the StatefulSet at 0 replicas with the original count annotated', async () => {
    const commandId = await harness.bus.send(MigrateResources, migrateCommand('protect-1.migrate'));
    const answer = (await harness.bus.answerTo(commandId, [ResourcesMigrated, MigrateResourcesFailed])) as CloudEvent<DataOf<typeof ResourcesMigrated>>;
    expect(answer.type).toBe(ResourcesMigrated.type);
    const { output } = answer.data;
    expect(output.failed).toBe(0);
    expect(output.applied).toBeGreaterThan(0);
    const statuses = new Map(output.resources.map((resource) => [`${resource.kind} ${resource.name}`, resource.status]));
    for (const name of ['ConfigMap settings', 'Secret db-credentials', 'Service db', 'StatefulSet db']) expect(statuses.get(name)).toBe('Applied');
    // Prepared before, with the same content: not written again.
    expect(statuses.get('PersistentVolumeClaim data-db-0')).toBe('Unchanged');

    const statefulSet = await get(destination, 'apps/v1', 'StatefulSet', 'db');
    expect(spec(statefulSet)['replicas']).toBe(0);
    expect(statefulSet?.metadata.annotations?.['dr.tandem.dev/replicas']).toBe('1');
    expect((await get(destination, 'v1', 'ConfigMap', 'settings'))?.['data']).toEqual({ mode: 'primary' });
    const secret = await get(destination, 'v1', 'Secret', 'db-credentials');
    expect(Buffer.from((secret?.['data'] as Record<string, string>)['password']!, 'base64').toString()).toBe('not-a-real-password');
    expect(await get(destination, 'v1', 'Service', 'db')).toBeDefined();
  });

  it('answers the same requestId again with the recorded outcome, applying nothing', async () => {
    const before = await get(destination, 'apps/v1', 'StatefulSet', 'db');
    const first = harness.bus.seen(ResourcesMigrated, (data) => data.requestId === 'protect-1.migrate');
    expect(first).toHaveLength(1);
    const sagaRef = { sagaId: 'protect-shop-1', step: 'migrate-resources', action: 'do' as const, attempt: 2 };
    const commandId = await harness.bus.send(MigrateResources, migrateCommand('protect-1.migrate', { sagaRef }));
    const again = (await harness.bus.answerTo(commandId, [ResourcesMigrated, MigrateResourcesFailed])) as CloudEvent<DataOf<typeof ResourcesMigrated>>;
    // Had the work been done again, every resource would now be Unchanged.
    expect(again.data).toEqual({ ...first[0]!.data, sagaRef });
    expect((await get(destination, 'apps/v1', 'StatefulSet', 'db'))?.metadata.resourceVersion).toBe(before?.metadata.resourceVersion);

    const prepareAgain = await harness.bus.send(PrepareDestinationVolumes, { ...scope, requestId: 'protect-1.prepare', claims: [{ namespace: NS, name: 'data-db-0' }] });
    expect((await harness.bus.answerTo(prepareAgain, [DestinationVolumesPrepared, PrepareDestinationVolumesFailed])).data).toEqual(prepared.data);

    const run = await harness.get<{ attempts: number; outcome: string; resources: { kind: string; name: string; status: string }[] }>('/v1/resource-migrations/protect-1.migrate');
    expect(run.status).toBe(200);
    expect(run.body.outcome).toBe('succeeded');
    expect(run.body.attempts).toBe(1);
    expect(run.body.resources).toContainEqual(expect.objectContaining({ kind: 'StatefulSet', name: 'db', status: 'Applied' }));
    const byQuery = await harness.get<{ volumes: { status: string; volume: string }[] }>('/v1/resource-migrations?requestId=protect-1.prepare');
    expect(byQuery.body.volumes).toEqual([expect.objectContaining({ status: 'Bound', volume: prepared.data.output.volumes[0]!.volume })]);
  });

  it('fails retryably, naming the claim and why, when a claim is not bound in time; the next command tries again', async () => {
    await source.apply({ apiVersion: 'storage.k8s.io/v1', kind: 'StorageClass', metadata: { name: 'nowhere' }, provisioner: 'example.com/nowhere' }, { fieldManager: 'kubectl' });
    await source.apply(
      {
        apiVersion: 'v1',
        kind: 'PersistentVolumeClaim',
        metadata: { name: 'scratch', namespace: NS },
        spec: { accessModes: ['ReadWriteOnce'], storageClassName: 'nowhere', resources: { requests: { storage: '1Gi' } } },
      },
      { fieldManager: 'kubectl' },
    );
    const command = { ...scope, requestId: 'protect-3.prepare', claims: [{ namespace: NS, name: 'scratch' }] };
    const answer = (await harness.bus.answerTo(await harness.bus.send(PrepareDestinationVolumes, command), [DestinationVolumesPrepared, PrepareDestinationVolumesFailed])) as CloudEvent<
      DataOf<typeof PrepareDestinationVolumesFailed>
    >;
    expect(answer.type).toBe(PrepareDestinationVolumesFailed.type);
    expect(answer.data.retryable).toBe(true);
    expect(answer.data.reason).toContain('claim shop/scratch was not bound on site west within 5000 ms: claim is Pending');

    await harness.bus.answerTo(await harness.bus.send(PrepareDestinationVolumes, command), [DestinationVolumesPrepared, PrepareDestinationVolumesFailed]);
    const run = await harness.get<{ outcome: string; attempts: number; volumes: { status: string; reason?: string }[] }>('/v1/resource-migrations/protect-3.prepare');
    expect(run.body).toEqual(expect.objectContaining({ outcome: 'retryable-failure', attempts: 2 }));
    expect(run.body.volumes).toEqual([expect.objectContaining({ status: 'Unbound', reason: expect.stringContaining('Pending') })]);
  });

  it('fails, not retryably, naming the Secret when the destination Secret is missing', async () => {
    const commandId = await harness.bus.send(MigrateResources, migrateCommand('protect-2.migrate', { destinationAccess: { namespace: 'tandem', name: 'nowhere-access' } }));
    const answer = (await harness.bus.answerTo(commandId, [ResourcesMigrated, MigrateResourcesFailed])) as CloudEvent<DataOf<typeof MigrateResourcesFailed>>;
    expect(answer.type).toBe(MigrateResourcesFailed.type);
    expect(answer.data.retryable).toBe(false);
    expect(answer.data.reason).toContain('Secret tandem/nowhere-access');
    expect(answer.data.reason).toContain('does not exist on site east');
    expect(answer.data.reason).toContain('create secret generic nowhere-access');
  });

  it('says which run it does not know, and which requestId is malformed', async () => {
    const missing = await harness.get<{ message: string }>('/v1/resource-migrations/never-sent');
    expect(missing.status).toBe(404);
    expect(JSON.stringify(missing.body)).toContain('never-sent');
    const bad = await harness.get('/v1/resource-migrations?requestId=%20bad%20id');
    expect(bad.status).toBe(400);
    expect(JSON.stringify(bad.body)).toContain('requestId');
    const openapi = await harness.get<{ paths: Record<string, unknown> }>('/openapi.json');
    expect(Object.keys(openapi.body.paths)).toEqual(expect.arrayContaining(['/v1/resource-migrations', '/v1/resource-migrations/{requestId}']));
  });
});
