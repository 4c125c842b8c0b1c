import { OBJECT_STORE_TYPES, ObjectStoreRef, ObjectStoreType } from '../model/cluster-pair.model';
import { Segment } from '../problems/field-path';
import { Findings } from '../problems/findings';

export type ObjectStoreField = Exclude<keyof ObjectStoreRef, 'type'>;

const article = (type: ObjectStoreType): string => (type === 's3' ? 'an s3' : `a ${type}`);

/** What each store type needs and allows. */
const RULES: Record<ObjectStoreType, { required: ObjectStoreField[]; allowed: ObjectStoreField[] }> = {
  s3: { required: ['bucket', 'region'], allowed: ['bucket', 'endpoint', 'region', 'prefix', 'forcePathStyle', 'credentialsSecretRef', 'encryptionKeySecretRef'] },
  nats: { required: ['bucket'], allowed: ['bucket', 'prefix', 'credentialsSecretRef', 'encryptionKeySecretRef'] },
  filesystem: { required: ['path'], allowed: ['path', 'encryptionKeySecretRef'] },
};

const FORMATS: Partial<Record<ObjectStoreField, { test: (v: string) => boolean; hint: string; example: string }>> = {
  endpoint: { test: (v) => /^https?:\/\/[^\s]+$/.test(v), hint: 'an http:// or https:// URL', example: 'https://minio.example.com:9000' },
  prefix: { test: (v) => /^[A-Za-z0-9._-]+(\/[A-Za-z0-9._-]+)*$/.test(v), hint: 'a path of letters, digits, ".", "_" and "-" parts separated by "/"', example: 'appns' },
  path: { test: (v) => v.startsWith('/') && !v.includes('\0'), hint: 'an absolute directory', example: '/srv/tandem' },
};

const BUCKET: Record<'s3' | 'nats', { test: RegExp; hint: string }> = {
  s3: { test: /^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/, hint: 'an S3 bucket name (3 to 63 lowercase letters, digits, "." and "-")' },
  nats: { test: /^[A-Za-z0-9_-]+$/, hint: 'a NATS object store bucket name (letters, digits, "_" and "-")' },
};

export interface ObjectStoreDraft extends Partial<Omit<ObjectStoreRef, 'type'>> {
  type?: string;
}

/**
 * Checks a store read from either form. `locate(field)` is where the field is written (`spec.objectStore.bucket`,
 * `spec.options.objectStoreBucket`) and `label(field)` how the person writes it, for the messages.
 */
export function checkObjectStore(
  draft: ObjectStoreDraft,
  findings: Findings,
  locate: (field: ObjectStoreField | 'type') => Segment[],
  label: (field: ObjectStoreField | 'type') => string,
  written: (field: ObjectStoreField) => boolean = (field) => draft[field] !== undefined,
): ObjectStoreRef | undefined {
  const before = findings.problems.length;
  const type = draft.type;
  if (type === undefined) {
    findings.problem(locate('type'), 'the object store has no type', `add ${label('type')}: s3 (or nats, or filesystem)`);
    return undefined;
  }
  if (!(OBJECT_STORE_TYPES as readonly string[]).includes(type)) {
    findings.problem(locate('type'), `unknown object store type "${type}"`, `write ${label('type')}: ${OBJECT_STORE_TYPES.join(', ')} (one of them)`);
    return undefined;
  }
  const storeType = type as ObjectStoreType;
  const rules = RULES[storeType];
  for (const field of rules.required) {
    if (!written(field)) findings.problem(locate(field), `${article(storeType)} object store needs ${label(field)}`, `add ${label(field)}: ${exampleOf(field)}`);
  }
  for (const field of Object.keys(draft) as (keyof ObjectStoreDraft)[]) {
    if (field === 'type' || draft[field] === undefined) continue;
    if (!rules.allowed.includes(field)) {
      findings.problem(locate(field), `${article(storeType)} object store has no ${label(field)}`, `remove it (${article(storeType)} store takes ${rules.allowed.map(label).join(', ')})`);
      continue;
    }
    const value = draft[field];
    const format = FORMATS[field];
    if (format && typeof value === 'string' && !format.test(value)) {
      findings.problem(locate(field), `"${value}" is not ${format.hint}`, `write it like ${label(field)}: ${format.example}`);
    }
  }
  if (draft.bucket !== undefined && (storeType === 's3' || storeType === 'nats') && !BUCKET[storeType].test.test(draft.bucket)) {
    findings.problem(locate('bucket'), `"${draft.bucket}" is not ${BUCKET[storeType].hint}`, `rename it, e.g. ${label('bucket')}: tandem-dr`);
  }
  if (findings.problems.length > before) return undefined;
  const { type: _type, ...fields } = draft;
  return { type: storeType, ...Object.fromEntries(Object.entries(fields).filter(([, v]) => v !== undefined)) };
}

function exampleOf(field: ObjectStoreField): string {
  switch (field) {
    case 'bucket':
      return 'tandem-dr';
    case 'region':
      return 'us-east-1';
    case 'path':
      return '/srv/tandem';
    case 'endpoint':
      return 'https://minio.example.com:9000';
    case 'prefix':
      return 'appns';
    case 'forcePathStyle':
      return 'true';
    case 'credentialsSecretRef':
      return '{name: <secret>}';
    case 'encryptionKeySecretRef':
      return '{name: <secret>, key: master-key}';
  }
}

