import { type ExecResult, type KubeObject, type ObjectRef, type Platform, TANDEM_FIELD_MANAGER, type WorkloadStatus } from '@tandem/platform';
import { waitFor } from '@tandem/testing';

export { postgresStatefulSet } from '@tandem/testing';

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
