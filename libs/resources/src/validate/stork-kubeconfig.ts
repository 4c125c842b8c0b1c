import { StorkKubeconfig } from '../model/cluster-pair.model';
import { describeValue } from '../problems/findings';
import { isMapping, ObjectReader } from '../problems/object-reader';

/** client-go's `api.Config` as Stork serialises it: clusters, users and contexts are maps keyed by name. */
const CLUSTER_FIELDS = ['LocationOfOrigin', 'server', 'tls-server-name', 'insecure-skip-tls-verify', 'certificate-authority', 'certificate-authority-data', 'proxy-url', 'disable-compression', 'extensions'];
const USER_FIELDS = ['LocationOfOrigin', 'client-certificate', 'client-certificate-data', 'client-key', 'client-key-data', 'token', 'tokenFile', 'as', 'as-uid', 'as-groups', 'as-user-extra', 'username', 'password', 'auth-provider', 'exec', 'extensions'];
const CONTEXT_FIELDS = ['LocationOfOrigin', 'cluster', 'user', 'namespace', 'extensions'];

/**
 * Stork's `spec.config`: the destination's kubeconfig, as `storkctl generate clusterpair` writes it. Kept as written;
 * checked for its shape, and for a current context whose cluster and user exist.
 */
export function readStorkKubeconfig(spec: ObjectReader): StorkKubeconfig | undefined {
  const config = spec.child('config', 'a kubeconfig (clusters, users, contexts, current-context)');
  if (!config) return undefined;
  const findings = config.findings;
  const before = findings.problems.length;
  config.string('kind', { allowEmpty: true });
  config.string('apiVersion', { allowEmpty: true });
  config.raw('preferences');
  config.raw('extensions');
  const clusters = readNamedMap(config, 'clusters', 'cluster', CLUSTER_FIELDS, (entry) => {
    entry.string('server', { required: true, example: 'https://192.168.56.74:6443' });
    entry.boolean('insecure-skip-tls-verify');
    entry.boolean('disable-compression');
  });
  const users = readNamedMap(config, 'users', 'user', USER_FIELDS, (entry) => {
    for (const key of ['client-certificate-data', 'client-key-data', 'token', 'username', 'password', 'client-certificate', 'client-key', 'tokenFile']) entry.string(key, { allowEmpty: true });
  });
  const contexts = readNamedMap(config, 'contexts', 'context', CONTEXT_FIELDS, (entry) => {
    entry.string('cluster', { required: true, example: 'kubernetes' });
    entry.string('user', { allowEmpty: true });
    entry.string('namespace', { allowEmpty: true });
  });
  const currentContext = config.string('current-context', { required: true, example: '<name of a context under contexts:>' });
  config.finish();
  if (findings.problems.length > before || !clusters || !users || !contexts || currentContext === undefined) return undefined;

  const context = contexts[currentContext];
  if (!context) {
    findings.problem(config.path('current-context'), `no context named "${currentContext}" under contexts:`, `write current-context: one of ${Object.keys(contexts).join(', ') || '(add a context first)'}`);
    return undefined;
  }
  const clusterName = context['cluster'] as string;
  const cluster = clusters[clusterName];
  if (!cluster) {
    findings.problem([...config.path('contexts'), currentContext, 'cluster'], `no cluster named "${clusterName}" under clusters:`, `write cluster: one of ${Object.keys(clusters).join(', ') || '(add a cluster first)'}`);
  }
  const userName = context['user'];
  if (typeof userName === 'string' && userName !== '' && !users[userName]) {
    findings.problem([...config.path('contexts'), currentContext, 'user'], `no user named "${userName}" under users:`, `write user: one of ${Object.keys(users).join(', ') || '(add a user first)'}`);
  }
  if (findings.problems.length > before || !cluster) return undefined;
  return { currentContext, server: cluster['server'] as string, config: config.value };
}

function readNamedMap(
  config: ObjectReader,
  key: string,
  what: string,
  fields: string[],
  check: (entry: ObjectReader) => void,
): Record<string, Record<string, unknown>> | undefined {
  const value = config.raw(key);
  if (value === undefined) {
    config.missing(key, `{<name>: {...}}`);
    return undefined;
  }
  if (!isMapping(value)) {
    config.findings.problem(
      config.path(key),
      `expected a map of ${what} name to ${what}, got ${describeValue(value)}`,
      Array.isArray(value)
        ? `write it the way Stork does, keyed by name (${key}: {<name>: {...}}), not as a kubeconfig file's "- name:" list`
        : `write it as ${key}: {<name>: {...}}`,
    );
    return undefined;
  }
  const before = config.findings.problems.length;
  for (const [name, entryValue] of Object.entries(value)) {
    const entry = ObjectReader.of(config.findings, entryValue, [...config.path(key), name], `a ${what}`);
    if (!entry) continue;
    check(entry);
    for (const field of fields) entry.raw(field);
    entry.finish();
  }
  return config.findings.problems.length > before ? undefined : (value as Record<string, Record<string, unknown>>);
}
