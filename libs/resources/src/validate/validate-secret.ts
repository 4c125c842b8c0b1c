import { CORE_API_VERSION, SecretDocument } from '../model/secret.model';
import { Findings } from '../problems/findings';
import { isMapping, ObjectReader } from '../problems/object-reader';
import { placeProblem } from '../problems/place-problem';
import { ValidationResult } from '../problems/resource-problem';
import { namespaceName, objectName } from './names';

export interface SecretReadOptions {
  /** The namespace of a Secret whose document names none (kubectl's `-n`); without it the document must name one. */
  defaultNamespace?: string;
}

/** Set by the API server; accepted (so `kubectl get -o yaml` output can be applied again) and dropped. */
const SERVER_SET_METADATA = ['creationTimestamp', 'uid', 'resourceVersion', 'generation', 'managedFields', 'selfLink'];
const KEY = /^[-._a-zA-Z0-9]{1,253}$/;
const BASE64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;
const OTHER_CORE_FIX =
  'apply it with kubectl (kubectl apply -f); of the core (apiVersion v1) kinds Tandem applies only Secret, the access Secret a ClusterPair names';

/** Whether a document is written under the core API (`apiVersion: v1`): read by `validateSecret`, not as a DR resource. */
export const isCoreDocument = (document: unknown): boolean => isMapping(document) && document['apiVersion'] === CORE_API_VERSION;

/**
 * Reads a core (`apiVersion: v1`) document as an Opaque Secret: metadata.name, a namespace (the document's or the
 * caller's default), `data` (base64) and/or `stringData`. Any other core kind is refused with what to do. No
 * problem ever quotes a value of the Secret.
 */
export function validateSecret(document: unknown, options: SecretReadOptions = {}): ValidationResult<SecretDocument> {
  const findings = new Findings();
  const secret = readSecret(findings, document, options);
  const problems = findings.problems.map((p) => placeProblem(p, claimed(document)));
  return secret && problems.length === 0 ? { ok: true, value: secret, warnings: [] } : { ok: false, problems, warnings: [] };
}

function claimed(document: unknown): { kind?: string; name?: string } {
  if (!isMapping(document)) return {};
  const kind = document['kind'];
  const metadata = document['metadata'];
  const name = isMapping(metadata) ? metadata['name'] : undefined;
  return { ...(typeof kind === 'string' ? { kind } : {}), ...(typeof name === 'string' ? { name } : {}) };
}

function readSecret(findings: Findings, document: unknown, options: SecretReadOptions): SecretDocument | undefined {
  const root = ObjectReader.of(findings, document, [], 'a Secret');
  if (!root) return undefined;
  const apiVersion = root.string('apiVersion', { required: true, example: CORE_API_VERSION });
  if (apiVersion !== undefined && apiVersion !== CORE_API_VERSION) {
    findings.problem(root.path('apiVersion'), `expected apiVersion ${CORE_API_VERSION} for a Secret, got "${apiVersion}"`, `write apiVersion: ${CORE_API_VERSION}`);
  }
  const kind = root.string('kind', { required: true, example: 'Secret' });
  if (kind !== undefined && kind !== 'Secret') {
    findings.problem(root.path('kind'), `${kind} is a Kubernetes resource that Tandem does not apply`, OTHER_CORE_FIX);
    return undefined;
  }
  const metadata = readMetadata(root, options);
  const type = root.string('type', { example: 'Opaque' });
  if (type !== undefined && type !== 'Opaque') {
    findings.problem(root.path('type'), `a Secret of type "${type}" is not applied by Tandem`, 'apply it with kubectl (kubectl apply -f), or write type: Opaque (or leave type out)');
  }
  const data = secretValues(root, 'data', (encoded) =>
    BASE64.test(encoded) ? undefined : { message: 'is not base64', fix: 'encode the value in base64 (base64 -w0), or put it as plain text under stringData' },
  );
  const stringData = secretValues(root, 'stringData', () => undefined);
  root.finish();
  if (!findings.ok || !metadata || kind !== 'Secret' || apiVersion !== CORE_API_VERSION) return undefined;
  return {
    apiVersion: CORE_API_VERSION,
    kind: 'Secret',
    metadata,
    type: 'Opaque',
    ...(data ? { data } : {}),
    ...(stringData ? { stringData } : {}),
  };
}

function readMetadata(root: ObjectReader, options: SecretReadOptions): SecretDocument['metadata'] | undefined {
  const meta = root.child('metadata', 'metadata', { required: true, example: '{name: <name>, namespace: <namespace>}' });
  if (!meta) return undefined;
  const before = root.findings.problems.length;
  meta.ignore(...SERVER_SET_METADATA);
  const name = meta.string('name', { required: true, ...objectName('dr-site-platform') });
  const written = meta.string('namespace', namespaceName('appns'));
  const labels = meta.stringMap('labels');
  const annotations = meta.stringMap('annotations');
  const namespace = written ?? (meta.has('namespace') ? undefined : options.defaultNamespace);
  if (namespace === undefined && !meta.has('namespace')) {
    root.findings.problem(meta.path('namespace'), 'a Secret needs a namespace', 'write metadata.namespace (the namespace of the ClusterPair that names it), or give one with -n');
  }
  meta.finish();
  if (root.findings.problems.length > before || name === undefined || namespace === undefined) return undefined;
  return { name, namespace, labels: labels ?? {}, annotations: annotations ?? {} };
}

/** A map of a Secret's keys to string values; problems name the key, never the value. */
function secretValues(
  root: ObjectReader,
  field: 'data' | 'stringData',
  judge: (value: string) => { message: string; fix: string } | undefined,
): Record<string, string> | undefined {
  const value = root.raw(field);
  if (value === undefined) return undefined;
  if (!isMapping(value)) {
    root.findings.problem(root.path(field), 'expected a map of keys to values', `write one "key: value" line per entry under ${field}:`);
    return undefined;
  }
  const out: Record<string, string> = {};
  let ok = true;
  for (const [key, v] of Object.entries(value)) {
    const at = [...root.path(field), key];
    if (!KEY.test(key)) {
      ok = false;
      root.findings.problem(at, `"${key}" is not a Secret key`, 'use letters, digits, "-", "_" and "." only');
    } else if (typeof v !== 'string') {
      ok = false;
      root.findings.problem(at, 'expected a string value', 'quote the value');
    } else {
      const wrong = judge(v);
      if (wrong) {
        ok = false;
        root.findings.problem(at, wrong.message, wrong.fix);
      } else out[key] = v;
    }
  }
  return ok ? out : undefined;
}
