import { ClusterPair, ObjectStoreRef, SecretRef, TANDEM_API_VERSION, validateClusterPair } from '@tandem/resources';

export type Parsed<T> = { ok: true; value: T } | { ok: false; problem: string };

const FORMS = 'filesystem:/abs/path, nats:<bucket> or s3:<endpoint>/<bucket>?region=…&prefix=…&credentialsSecret=<name>';
const SECRET_TEXT = /^(?:([^/:]+)\/)?([^/:]+)(?::([^/:]+))?$/;

/**
 * The object store this site offers to the sites that pair with it (TANDEM_FAILOVER_OBJECT_STORE), as a
 * ClusterPair's `spec.objectStore`: `filesystem:/srv/tandem`, `nats:tandem_dr`, or
 * `s3:https://minio.example.com:9000/tandem-dr?region=us-east-1&prefix=appns&credentialsSecret=tandem-dr-s3`
 * (`s3:tandem-dr?region=…` for AWS; `forcePathStyle=true` and `encryptionKeySecret=<name>` are also read).
 * Checked as the resources lib checks a ClusterPair's store, so what is accepted here is what a pair accepts.
 */
export function parseObjectStoreSetting(text: string): Parsed<ObjectStoreRef> {
  const colon = text.indexOf(':');
  const type = colon < 0 ? text : text.slice(0, colon);
  const rest = colon < 0 ? '' : text.slice(colon + 1);
  let draft: Record<string, unknown>;
  switch (type) {
    case 'filesystem':
      draft = { type, path: rest };
      break;
    case 'nats':
      draft = { type, bucket: rest };
      break;
    case 's3': {
      const parsed = s3Draft(rest);
      if (!parsed.ok) return parsed;
      draft = parsed.value;
      break;
    }
    default:
      return { ok: false, problem: `"${text}" is not an object store: write ${FORMS}` };
  }
  const result = validateClusterPair({
    apiVersion: TANDEM_API_VERSION,
    kind: 'ClusterPair',
    metadata: { name: 'setting', namespace: 'setting' },
    spec: { destination: { endpoints: ['https://setting.invalid'] }, objectStore: draft },
  });
  if (!result.ok) {
    const problems = result.problems.map((p) => `${p.path.replace(/^spec\.objectStore\.?/, '') || 'store'}: ${p.message}`);
    return { ok: false, problem: `"${text}": ${problems.join('; ')} (write ${FORMS})` };
  }
  return { ok: true, value: (result.value as ClusterPair).objectStore! };
}

function s3Draft(rest: string): Parsed<Record<string, unknown>> {
  const [location = '', query = ''] = rest.split('?', 2);
  const params = new URLSearchParams(query);
  const known = new Set(['region', 'prefix', 'credentialsSecret', 'encryptionKeySecret', 'forcePathStyle']);
  const unknown = [...params.keys()].filter((k) => !known.has(k));
  if (unknown.length) return { ok: false, problem: `s3 store: unknown parameter ${unknown.join(', ')} (known: ${[...known].join(', ')})` };
  let endpoint: string | undefined;
  let bucket = location;
  if (/^https?:\/\//.test(location)) {
    const slash = location.lastIndexOf('/');
    endpoint = location.slice(0, slash);
    bucket = location.slice(slash + 1);
    if (!/^https?:\/\/[^/]+/.test(endpoint)) return { ok: false, problem: `s3 store "${rest}": write s3:<endpoint>/<bucket>, e.g. s3:https://minio.example.com:9000/tandem-dr` };
  }
  const secret = (key: string): Parsed<SecretRef | undefined> => {
    const value = params.get(key);
    if (value === null) return { ok: true, value: undefined };
    const m = SECRET_TEXT.exec(value);
    if (!m) return { ok: false, problem: `s3 store: ${key}="${value}" is not a Secret (name, namespace/name, name:key or namespace/name:key)` };
    return { ok: true, value: { name: m[2]!, ...(m[1] ? { namespace: m[1] } : {}), ...(m[3] ? { key: m[3] } : {}) } };
  };
  const credentials = secret('credentialsSecret');
  if (!credentials.ok) return credentials;
  const encryptionKey = secret('encryptionKeySecret');
  if (!encryptionKey.ok) return encryptionKey;
  const forcePathStyle = params.get('forcePathStyle');
  if (forcePathStyle !== null && forcePathStyle !== 'true' && forcePathStyle !== 'false') {
    return { ok: false, problem: `s3 store: forcePathStyle="${forcePathStyle}": expected true or false` };
  }
  return {
    ok: true,
    value: {
      type: 's3',
      bucket,
      region: params.get('region') ?? undefined,
      ...(endpoint ? { endpoint } : {}),
      ...(params.get('prefix') ? { prefix: params.get('prefix') } : {}),
      ...(forcePathStyle !== null ? { forcePathStyle: forcePathStyle === 'true' } : {}),
      ...(credentials.value ? { credentialsSecretRef: credentials.value } : {}),
      ...(encryptionKey.value ? { encryptionKeySecretRef: encryptionKey.value } : {}),
    },
  };
}
