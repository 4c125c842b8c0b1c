import type { KubeObject } from '../../model/kube-object';
import { isMap } from '../util/json-value';
import { type FieldPath, type FieldsV1, fromFieldsV1, toFieldsV1 } from './field-set';

/** One manager's fields, as `metadata.managedFields` records them. */
export interface Ownership {
  manager: string;
  /** `Apply` for server-side apply; `Update` for the site's controllers and the scale subresource. */
  operation: 'Apply' | 'Update';
  apiVersion: string;
  subresource?: string;
  time: string;
  paths: FieldPath[];
}

export function sameOwner(a: Pick<Ownership, 'manager' | 'operation' | 'subresource'>, b: Pick<Ownership, 'manager' | 'operation' | 'subresource'>): boolean {
  return a.manager === b.manager && a.operation === b.operation && a.subresource === b.subresource;
}

export function describeOwner(owner: Pick<Ownership, 'manager' | 'operation' | 'subresource'>): string {
  const how = owner.operation === 'Apply' ? '' : ` (${owner.operation.toLowerCase()}${owner.subresource ? ` of ${owner.subresource}` : ''})`;
  return `"${owner.manager}"${how}`;
}

export function readOwnership(object: KubeObject | undefined): Ownership[] {
  const entries = object?.metadata.managedFields ?? [];
  return entries.filter(isMap).map((entry) => ({
    manager: String(entry['manager'] ?? ''),
    operation: entry['operation'] === 'Apply' ? 'Apply' : 'Update',
    apiVersion: String(entry['apiVersion'] ?? object?.apiVersion ?? ''),
    ...(typeof entry['subresource'] === 'string' ? { subresource: entry['subresource'] } : {}),
    time: String(entry['time'] ?? ''),
    paths: isMap(entry['fieldsV1']) ? fromFieldsV1(entry['fieldsV1'] as FieldsV1) : [],
  }));
}

/** Sets `metadata.managedFields` from the owners that still own something. */
export function writeOwnership(object: KubeObject, owners: readonly Ownership[]): void {
  const entries = owners
    .filter((owner) => owner.paths.length > 0)
    .map((owner) => ({
      manager: owner.manager,
      operation: owner.operation,
      apiVersion: owner.apiVersion,
      time: owner.time,
      fieldsType: 'FieldsV1',
      fieldsV1: toFieldsV1(owner.paths),
      ...(owner.subresource === undefined ? {} : { subresource: owner.subresource }),
    }));
  if (entries.length > 0) object.metadata.managedFields = entries;
  else delete object.metadata.managedFields;
}
