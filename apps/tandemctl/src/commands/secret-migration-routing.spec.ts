import { parseAllDocuments } from 'yaml';
import { RecordedServices, runCaptured } from '../testing/cli-under-test';
import type { Route } from '../testing/recorded-service';

/**
 * Where tandemctl sends what `generate clusterpair` prints on a lab site (a `v1 Secret` then the pair) and one-off
 * `Migration` documents, against recorded services over real HTTP.
 */
const GENERATED = `apiVersion: v1
kind: Secret
metadata:
  name: dr-site-platform
  namespace: appns
type: Opaque
stringData:
  lab-url: http://127.0.0.1:4100
  lab-token: token-of-the-lab
---
apiVersion: tandem.dev/v1alpha1
kind: ClusterPair
metadata:
  name: dr-site
  namespace: appns
spec:
  mode: async
  destination:
    endpoints:
      - http://127.0.0.1:4200
    clusterDomain: dr-site
    kubeconfigSecretRef:
      name: dr-site-platform
  objectStore:
    type: filesystem
    path: /srv/store
`;

const MIGRATION = `apiVersion: stork.libopenstorage.org/v1alpha1
kind: Migration
metadata:
  name: appns-now
  namespace: appns
spec:
  clusterPair: dr-site
  namespaces: [appns]
`;

type ServiceName = 'scheduler' | 'failover' | 'snapshot' | 'replication' | 'migration' | 'coordinator';

describe('tandemctl: Secrets with their pair, one-off migrations to the coordinator', () => {
  const recorded = new RecordedServices();
  afterEach(() => recorded.close());

  async function withServices(services: Partial<Record<ServiceName, Record<string, Route>>>) {
    return recorded.start(services);
  }

  async function run(argv: string[], env: Record<string, string>, stdin = '') {
    return runCaptured(argv, env, { now: new Date('2026-11-26T07:30:00Z'), stdin });
  }

  const kindsIn = (body: string) => parseAllDocuments(body).flatMap((d) => (d.toJS() ? [(d.toJS() as { kind: string }).kind] : []));

  it('create -f of what generate prints sends the Secret and the pair to the failover service in one request, the Secret first', async () => {
    const { env, svc } = await withServices({
      failover: {
        'POST /v1/resources?namespace=appns': {
          body: {
            applied: [
              { kind: 'Secret', namespace: 'appns', name: 'dr-site-platform', action: 'created' },
              { kind: 'ClusterPair', namespace: 'appns', name: 'dr-site', action: 'created', status: { state: 'Ready' } },
            ],
            warnings: [],
          },
        },
      },
    });
    const r = await run(['create', '-f', '-', '-n', 'appns'], env, GENERATED);
    expect(r).toEqual({ code: 0, stdout: 'secret/dr-site-platform created\nclusterpair/dr-site created\n', stderr: '' });
    const requests = svc.failover!.requests;
    // create asks whether the pair exists (not the Secret), then sends the file as it is.
    expect(requests.map((q) => `${q.method} ${q.url}`)).toEqual(['GET /v1/clusterpairs/appns/dr-site', 'POST /v1/resources?namespace=appns']);
    expect(requests[1]!.body).toBe(GENERATED);
    expect(kindsIn(requests[1]!.body)).toEqual(['Secret', 'ClusterPair']);
  });

  it('create -f says when a Secret existed and was applied rather than refused', async () => {
    const { env } = await withServices({
      failover: {
        'POST /v1/resources?namespace=appns': {
          body: {
            applied: [
              { kind: 'Secret', namespace: 'appns', name: 'dr-site-platform', action: 'unchanged' },
              { kind: 'ClusterPair', namespace: 'appns', name: 'dr-site', action: 'created', status: { state: 'Ready' } },
            ],
            warnings: [],
          },
        },
      },
    });
    const r = await run(['create', '-f', '-', '-n', 'appns'], env, GENERATED);
    expect(r.stdout).toBe('secret/dr-site-platform unchanged (it existed: create applies Secrets rather than refusing them)\nclusterpair/dr-site created\n');
  });

  it('refuses other core kinds here, naming the kind and kubectl, and sends nothing', async () => {
    const { env, svc } = await withServices({ failover: {} });
    const r = await run(['apply', '-f', '-', '-n', 'appns'], env, `apiVersion: v1\nkind: ConfigMap\nmetadata: {name: settings}\ndata: {a: b}\n---\n${GENERATED}`);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('error: <stdin>: 1 problem; nothing was applied');
    expect(r.stderr).toContain('ConfigMap is a Kubernetes resource that Tandem does not apply');
    expect(r.stderr).toContain('kubectl apply -f');
    expect(svc.failover!.requests).toEqual([]);
  });

  it('sends a Migration to the coordinator, after the pair it names went to the failover service', async () => {
    const text = `${GENERATED}---\n${MIGRATION}`;
    const { env, svc } = await withServices({
      failover: {
        'POST /v1/resources?namespace=appns': {
          body: { applied: [{ kind: 'Secret', namespace: 'appns', name: 'dr-site-platform', action: 'created' }, { kind: 'ClusterPair', namespace: 'appns', name: 'dr-site', action: 'created' }], warnings: [] },
        },
      },
      coordinator: { 'POST /v1/resources?namespace=appns': { body: { applied: [{ kind: 'Migration', namespace: 'appns', name: 'appns-now', action: 'created' }], warnings: [] } } },
    });
    const r = await run(['apply', '-f', '-', '-n', 'appns'], env, text);
    expect(r).toEqual({ code: 0, stdout: 'secret/dr-site-platform created\nclusterpair/dr-site created\nmigration/appns-now created\n', stderr: '' });
    expect(kindsIn(svc.failover!.requests[0]!.body)).toEqual(['Secret', 'ClusterPair']);
    expect(kindsIn(svc.coordinator!.requests[0]!.body)).toEqual(['Migration']);
    // Lines stay the file's: the Migration's kind is on the same line in what the coordinator was sent.
    expect(svc.coordinator!.requests[0]!.body.split('\n').indexOf('kind: Migration')).toBe(text.split('\n').indexOf('kind: Migration'));
  });

  it('create -f refuses a Migration the coordinator already has', async () => {
    const { env, svc } = await withServices({ coordinator: { 'GET /v1/migrations/appns/appns-now': { body: { namespace: 'appns', name: 'appns-now' } } } });
    const r = await run(['create', '-f', '-'], env, MIGRATION);
    expect(r).toEqual({ code: 1, stdout: '', stderr: 'migration/appns-now already exists\nerror: nothing was created; use tandemctl apply -f - to change what exists\n' });
    expect(svc.coordinator!.requests.map((q) => q.method)).toEqual(['GET']);
  });

  it('delete migration NAME -n NS asks the coordinator', async () => {
    const { env, svc } = await withServices({ coordinator: { 'DELETE /v1/migrations/appns/appns-now': { status: 204 } } });
    const r = await run(['delete', 'migration', 'appns-now', '-n', 'appns'], env);
    expect(r).toEqual({ code: 0, stdout: 'migration/appns-now deleted\n', stderr: '' });
    expect(svc.coordinator!.requests.map((q) => `${q.method} ${q.url}`)).toEqual(['DELETE /v1/migrations/appns/appns-now']);
  });

  it('delete -f of what generate printed deletes the pair and leaves the Secret, saying so', async () => {
    const { env, svc } = await withServices({ failover: { 'DELETE /v1/clusterpairs/appns/dr-site': { status: 204 } } });
    const r = await run(['delete', '-f', '-'], env, GENERATED);
    expect(r).toEqual({
      code: 0,
      stdout: 'clusterpair/dr-site deleted\n',
      stderr: 'secret/dr-site-platform left alone: Tandem does not delete Secrets (kubectl -n appns delete secret dr-site-platform)\n',
    });
    expect(svc.failover!.requests.map((q) => `${q.method} ${q.url}`)).toEqual(['DELETE /v1/clusterpairs/appns/dr-site']);
  });
});
