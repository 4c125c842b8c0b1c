import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { KubeObject } from '@tandem/platform';

/** The script the `writer` pod runs (shipped next to this file). */
export const LEDGER_WRITER_SCRIPT = join(__dirname, 'ledger-writer.cjs');

/** Where the server puts its Unix socket (`.s.PGSQL.<port>`, unique by port) and where psql in its pod looks for it. */
const SOCKET_DIR = '/tmp';

/** The ledger the writer fills; created before the writer starts. */
export const LEDGER_TABLE_SQL = 'CREATE TABLE IF NOT EXISTS ledger (id bigserial PRIMARY KEY, payload text, written_at timestamptz DEFAULT clock_timestamp())';

export interface PostgresAppSpec {
  namespace: string;
  /** Port of the server on 127.0.0.1 (the lab routes no Service traffic: every pod is 127.0.0.1). */
  port: number;
  /** Holds initdb, postgres and psql; see findPostgresBinDir. */
  binDir: string;
  /** Password of the `postgres` role for TCP connections (the writer's); kept in the Secret `pg-auth`. */
  password: string;
  /** File outside both sites the writer appends its acknowledged ids to. */
  acksFile: string;
  /** Node.js binary the writer runs with. */
  nodeBinary: string;
  /** Pause between two inserts of the writer. */
  writerIntervalMs: number;
  /** StorageClass of the claim `data-pg-0`; the site's default when not given. */
  storageClassName?: string;
}

/** uid and gid of the postgres OS user, which the server must run as when the site runs as root. */
export function postgresOsUser(): { uid: number; gid: number } | undefined {
  if (process.getuid?.() !== 0) return undefined;
  const line = readFileSync('/etc/passwd', 'utf8').split('\n').find((entry) => entry.startsWith('postgres:'));
  if (!line) throw new Error("running as root, PostgreSQL must run as the 'postgres' OS user, which does not exist: install the PostgreSQL server package");
  const [, , uid, gid] = line.split(':');
  return { uid: Number(uid), gid: Number(gid) };
}

/**
 * The application the two-site lab protects, in the order it is applied: its namespace, a ConfigMap (`pg-config`:
 * the server's port) and a Secret (`pg-auth`: the password TCP clients use), PostgreSQL as the StatefulSet `pg`
 * (label app=pg) with its data on the claim `data-pg-0`, `fsync=on` and `autovacuum=off`, and the Service `pg`.
 * The writer comes separately (postgresWriter), once the ledger table exists.
 */
export function postgresApplication(spec: PostgresAppSpec): KubeObject[] {
  const { namespace } = spec;
  const user = postgresOsUser();
  const start = [
    'set -e',
    'if [ ! -s "$PGDATA/PG_VERSION" ]; then',
    '  umask 077',
    '  printf "%s\\n" "$POSTGRES_PASSWORD" > "$VOLUME_DATA/pwfile"',
    '  initdb -D "$PGDATA" -U postgres --auth-local=trust --auth-host=scram-sha-256 --pwfile="$VOLUME_DATA/pwfile" -E UTF8 --locale=C',
    '  rm -f "$VOLUME_DATA/pwfile"',
    'fi',
    'exec postgres -D "$PGDATA" -p "$PGPORT" -k "$PGHOST" -c listen_addresses=127.0.0.1 -c fsync=on -c autovacuum=off',
  ].join('\n');
  return [
    { apiVersion: 'v1', kind: 'Namespace', metadata: { name: namespace } },
    { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'pg-config', namespace, labels: { app: 'pg' } }, data: { PGPORT: String(spec.port), PGUSER: 'postgres', PGDATABASE: 'postgres' } },
    { apiVersion: 'v1', kind: 'Secret', metadata: { name: 'pg-auth', namespace, labels: { app: 'pg' } }, type: 'Opaque', stringData: { password: spec.password } },
    {
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
                envFrom: [{ configMapRef: { name: 'pg-config' } }],
                env: [
                  { name: 'PATH', value: `${spec.binDir}:/usr/bin:/bin` },
                  { name: 'PGDATA', value: '$(VOLUME_DATA)/pgdata' },
                  // The socket's path must stay under 108 bytes: the pod's volumes are too deep in a lab site for it.
                  { name: 'PGHOST', value: SOCKET_DIR },
                  { name: 'POSTGRES_PASSWORD', valueFrom: { secretKeyRef: { name: 'pg-auth', key: 'password' } } },
                ],
                ports: [{ name: 'postgres', containerPort: spec.port }],
                readinessProbe: { exec: { command: ['pg_isready', '-q'] }, periodSeconds: 1, failureThreshold: 3 },
                volumeMounts: [{ name: 'data', mountPath: '/var/lib/postgresql/data' }],
              },
            ],
          },
        },
        volumeClaimTemplates: [
          {
            metadata: { name: 'data' },
            spec: { accessModes: ['ReadWriteOnce'], ...(spec.storageClassName ? { storageClassName: spec.storageClassName } : {}), resources: { requests: { storage: '1Gi' } } },
          },
        ],
      },
    },
    {
      apiVersion: 'v1',
      kind: 'Service',
      metadata: { name: 'pg', namespace, labels: { app: 'pg' } },
      spec: { selector: { app: 'pg' }, ports: [{ name: 'postgres', port: spec.port, targetPort: spec.port }] },
    },
  ];
}

/** The Deployment `writer` (label app=writer): one pod running ledger-writer.cjs against the Service's port over TCP. */
export function postgresWriter(spec: PostgresAppSpec): KubeObject {
  const { namespace } = spec;
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name: 'writer', namespace, labels: { app: 'writer' } },
    spec: {
      replicas: 1,
      selector: { matchLabels: { app: 'writer' } },
      template: {
        metadata: { labels: { app: 'writer' } },
        spec: {
          terminationGracePeriodSeconds: 5,
          containers: [
            {
              name: 'writer',
              image: 'node:20',
              command: [spec.nodeBinary, LEDGER_WRITER_SCRIPT],
              env: [
                { name: 'PGHOST', value: '127.0.0.1' },
                { name: 'PGPORT', valueFrom: { configMapKeyRef: { name: 'pg-config', key: 'PGPORT' } } },
                { name: 'PGUSER', valueFrom: { configMapKeyRef: { name: 'pg-config', key: 'PGUSER' } } },
                { name: 'PGDATABASE', valueFrom: { configMapKeyRef: { name: 'pg-config', key: 'PGDATABASE' } } },
                { name: 'PGPASSWORD', valueFrom: { secretKeyRef: { name: 'pg-auth', key: 'password' } } },
                { name: 'WRITER_ACKS_FILE', value: spec.acksFile },
                { name: 'WRITER_INTERVAL_MS', value: String(spec.writerIntervalMs) },
              ],
            },
          ],
        },
      },
    },
  };
}
