import { readFileSync } from 'node:fs';
import { type ExecResult, type KubeObject, type ObjectRef, type Platform, TANDEM_FIELD_MANAGER, type WorkloadStatus } from '@tandem/platform';
import { waitFor } from '@tandem/testing';

// The applications the rule tests run on a lab site: a Deployment of idle shells, and a real PostgreSQL server
// (as libs/platform's lab-postgres.int.spec.ts runs it) with a writer committing rows continuously.

export async function applyAll(platform: Platform, objects: KubeObject[]): Promise<void> {
  for (const object of objects) await platform.apply(object, { fieldManager: TANDEM_FIELD_MANAGER });
}

export function namespaceObject(name: string): KubeObject {
  return { apiVersion: 'v1', kind: 'Namespace', metadata: { name } };
}

export function deploymentRef(namespace: string, name: string): ObjectRef {
  return { apiVersion: 'apps/v1', kind: 'Deployment', namespace, name };
}

export function statefulSetRef(namespace: string, name: string): ObjectRef {
  return { apiVersion: 'apps/v1', kind: 'StatefulSet', namespace, name };
}

/** A Deployment whose pods run one container with `command`. */
export function deployment(namespace: string, name: string, replicas: number, command: string[], env: { name: string; value: string }[] = []): KubeObject {
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name, namespace, labels: { app: name } },
    spec: {
      replicas,
      selector: { matchLabels: { app: name } },
      template: {
        metadata: { labels: { app: name } },
        spec: { terminationGracePeriodSeconds: 2, containers: [{ name: 'main', image: 'busybox', command, env }] },
      },
    },
  };
}

/** uid and gid of the postgres OS user, which the server must run as when the site runs as root. */
function postgresUser(): { uid: number; gid: number } | undefined {
  if (process.getuid?.() !== 0) return undefined;
  const line = readFileSync('/etc/passwd', 'utf8').split('\n').find((entry) => entry.startsWith('postgres:'));
  if (!line) throw new Error("running as root, PostgreSQL must run as the 'postgres' OS user, which does not exist: install the PostgreSQL server package");
  const [, , uid, gid] = line.split(':');
  return { uid: Number(uid), gid: Number(gid) };
}

/** PostgreSQL as a StatefulSet `pg` (label app=pg): initdb on its claim on first start, then the server on 127.0.0.1:port. */
export function postgresStatefulSet(namespace: string, port: number, binDir: string): KubeObject {
  const user = postgresUser();
  const start = [
    'set -e',
    'if [ ! -s "$PGDATA/PG_VERSION" ]; then initdb -D "$PGDATA" -U postgres --auth=trust -E UTF8 --locale=C --no-sync; fi',
    'exec postgres -D "$PGDATA" -p "$PGPORT" -k "$PGHOST" -c listen_addresses=127.0.0.1 -c fsync=off',
  ].join('\n');
  return {
    apiVersion: 'apps/v1',
    kind: 'StatefulSet',
    metadata: { name: 'pg', namespace, labels: { app: 'pg' } },
    spec: {
      serviceName: 'pg',
      replicas: 1,
      selector: { matchLabels: { app: 'pg' } },
      template: {
        metadata: { labels: { app: 'pg' } },
        spec: {
          ...(user ? { securityContext: { runAsUser: user.uid, runAsGroup: user.gid, fsGroup: user.gid } } : {}),
          terminationGracePeriodSeconds: 30,
          containers: [
            {
              name: 'postgres',
              image: 'postgres:16',
              command: ['sh', '-c', start],
              env: [
                { name: 'PATH', value: `${binDir}:/usr/bin:/bin` },
                { name: 'PGDATA', value: '$(VOLUME_DATA)/pgdata' },
                { name: 'PGHOST', value: '$(VOLUME_RUN)' },
                { name: 'PGPORT', value: String(port) },
                { name: 'PGUSER', value: 'postgres' },
              ],
              ports: [{ name: 'postgres', containerPort: port }],
              readinessProbe: { exec: { command: ['pg_isready', '-q'] }, periodSeconds: 1, failureThreshold: 3 },
              volumeMounts: [
                { name: 'data', mountPath: '/var/lib/postgresql/data' },
                { name: 'run', mountPath: '/var/run/postgresql' },
              ],
            },
          ],
          volumes: [{ name: 'run', emptyDir: {} }],
        },
      },
      volumeClaimTemplates: [{ metadata: { name: 'data' }, spec: { accessModes: ['ReadWriteOnce'], resources: { requests: { storage: '1Gi' } } } }],
    },
  };
}

/** A Deployment `writer` inserting a row into `ledger` every 50 ms, over one psql session (TCP to 127.0.0.1:port). */
export function postgresWriter(namespace: string, port: number, binDir: string): KubeObject {
  const loop = 'while true; do echo "INSERT INTO ledger DEFAULT VALUES;"; sleep 0.05; done | psql -v ON_ERROR_STOP=1 -q';
  return deployment(namespace, 'writer', 1, ['sh', '-c', loop], [
    { name: 'PATH', value: `${binDir}:/usr/bin:/bin` },
    { name: 'PGHOST', value: '127.0.0.1' },
    { name: 'PGPORT', value: String(port) },
    { name: 'PGUSER', value: 'postgres' },
  ]);
}

/** Waits until the workload reports `ready` ready replicas (up to 110 s: PostgreSQL's initdb is slow on a busy machine). */
export async function waitReady(platform: Platform, ref: ObjectRef, ready: number): Promise<void> {
  let last: WorkloadStatus | undefined;
  await waitFor(
    async () => {
      last = await platform.workloadStatus(ref);
      return last.ready === ready && last.current === ready;
    },
    { what: `${ref.kind} ${ref.namespace}/${ref.name} to have ${ready} ready replicas`, timeoutMs: 110_000, intervalMs: 200 },
  );
}

/** Runs SQL in the pg pod; throws with psql's output when it fails. */
export async function psql(platform: Platform, namespace: string, sql: string): Promise<string> {
  const [result]: (ExecResult | undefined)[] = await platform.exec({
    namespace,
    podSelector: { matchLabels: { app: 'pg' } },
    command: ['psql', '-v', 'ON_ERROR_STOP=1', '-qAt', '-c', sql],
    single: true,
    timeoutMs: 30_000,
  });
  if (result?.exitCode !== 0) throw new Error(`psql -c ${JSON.stringify(sql)} failed: ${JSON.stringify(result)}`);
  return result.stdout.trim();
}
