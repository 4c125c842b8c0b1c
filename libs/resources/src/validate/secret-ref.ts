import { SecretRef } from '../model/cluster-pair.model';
import { Segment } from '../problems/field-path';
import { Findings } from '../problems/findings';
import { ObjectReader } from '../problems/object-reader';
import { namespaceName, objectName } from './names';

const SECRET_KEY = /^[-._a-zA-Z0-9]+$/;
const SECRET_REF_TEXT = /^(?:([^/:]+)\/)?([^/:]+)(?::([^/:]+))?$/;
const NAME = objectName('dr-site-s3');
const NAMESPACE = namespaceName('tandem-system');

/** Tandem's form: `{name, namespace?, key?}`. */
export function readSecretRef(parent: ObjectReader, key: string): SecretRef | undefined {
  const r = parent.child(key, 'a secret reference', { example: '{name: <secret>}' });
  if (!r) return undefined;
  const before = r.findings.problems.length;
  const name = r.string('name', { required: true, ...NAME });
  const namespace = r.string('namespace', NAMESPACE);
  const secretKey = r.string('key', { pattern: SECRET_KEY, patternHint: 'a Secret key (letters, digits, "-", "_" and ".")', example: 'credentials.json' });
  r.finish();
  if (r.findings.problems.length > before || name === undefined) return undefined;
  return { name, ...(namespace === undefined ? {} : { namespace }), ...(secretKey === undefined ? {} : { key: secretKey }) };
}

/** The one-string form of Stork options: `name`, `namespace/name`, `name:key` or `namespace/name:key`. */
export function parseSecretRefText(text: string, at: readonly Segment[], findings: Findings): SecretRef | undefined {
  const match = SECRET_REF_TEXT.exec(text);
  const [namespace, name, key] = match ? [match[1], match[2], match[3]] : [];
  const valid =
    match !== null &&
    name !== undefined &&
    NAME.pattern!.test(name) &&
    (namespace === undefined || NAMESPACE.pattern!.test(namespace)) &&
    (key === undefined || SECRET_KEY.test(key));
  if (!valid) {
    findings.problem(at, `"${text}" is not a secret reference`, 'write the Secret as name, namespace/name, name:key or namespace/name:key, e.g. tandem-system/dr-site-s3');
    return undefined;
  }
  return { name: name!, ...(namespace === undefined ? {} : { namespace }), ...(key === undefined ? {} : { key }) };
}

export function formatSecretRefText(ref: SecretRef): string {
  return `${ref.namespace ? `${ref.namespace}/` : ''}${ref.name}${ref.key ? `:${ref.key}` : ''}`;
}

export function secretRefObject(ref: SecretRef): Record<string, string> {
  return { name: ref.name, ...(ref.namespace ? { namespace: ref.namespace } : {}), ...(ref.key ? { key: ref.key } : {}) };
}
