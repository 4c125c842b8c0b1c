import { groupOf } from '../../model/kube-object';
import { PlatformError } from '../../platform.errors';
import { isMap, listAt, mapAt, stringAt } from '../util/json-value';
import { BUILTIN_TYPES, type GroupKind, type LabType, groupKindKey } from './builtin-types';
import type { KubeObject } from '../../model/kube-object';

/**
 * The types a site serves: the built-ins, plus one per served version of every CustomResourceDefinition
 * stored. Rebuilt from the stored CRDs whenever one changes.
 */
export class TypeRegistry {
  private byGroupKind = new Map<string, LabType[]>();

  constructor() {
    this.rebuild([]);
  }

  rebuild(crds: readonly KubeObject[]): void {
    const map = new Map<string, LabType[]>();
    const add = (type: LabType): void => {
      const key = groupKindKey(type);
      map.set(key, [...(map.get(key) ?? []), type]);
    };
    BUILTIN_TYPES.forEach(add);
    for (const crd of crds) {
      if (crd.metadata.deletionTimestamp !== undefined) continue;
      for (const type of typesOfCrd(crd)) add(type);
    }
    this.byGroupKind = map;
  }

  all(): LabType[] {
    return [...this.byGroupKind.values()].flat();
  }

  /** The type of `apiVersion`/`kind`; `NotFound` naming what to do when the site does not serve it. */
  resolve(apiVersion: string, kind: string): LabType {
    const group = groupOf(apiVersion);
    const version = group === '' ? apiVersion : apiVersion.slice(group.length + 1);
    const types = this.byGroupKind.get(groupKindKey({ group, kind })) ?? [];
    const type = types.find((candidate) => candidate.version === version);
    if (type) return type;
    if (types.length > 0) {
      throw new PlatformError('NotFound', `no version ${version} of ${kind} in group ${group || 'core'}: the site serves ${types.map((t) => t.version).join(', ')}`);
    }
    if (group === '' || !group.includes('.') || group.endsWith('.k8s.io')) {
      throw new PlatformError('NotFound', `no type ${kind} in ${group === '' ? 'the core group' : `group ${group}`}: the lab site does not serve it`);
    }
    throw new PlatformError('NotFound', `no type ${kind} in group ${group}: is its CRD applied?`);
  }

  /** The type of a group and kind in any version (the first served), or undefined. */
  find(gk: GroupKind): LabType | undefined {
    return this.byGroupKind.get(groupKindKey(gk))?.[0];
  }
}

function typesOfCrd(crd: KubeObject): LabType[] {
  const spec = mapAt(crd, 'spec');
  const group = stringAt(spec, 'group');
  const kind = stringAt(spec, 'names', 'kind');
  const plural = stringAt(spec, 'names', 'plural');
  if (group === undefined || kind === undefined || plural === undefined) return [];
  const namespaced = stringAt(spec, 'scope') !== 'Cluster';
  return listAt(spec, 'versions')
    .filter((version) => isMap(version) && version['served'] !== false && typeof version['name'] === 'string')
    .map((version) => ({
      group,
      version: stringAt(version, 'name') as string,
      kind,
      plural,
      namespaced,
      verbs: ['create', 'delete', 'deletecollection', 'get', 'list', 'patch', 'update', 'watch'],
      statusSubresource: mapAt(version, 'subresources', 'status') !== undefined,
      scaleSubresource: false,
      crd: crd.metadata.name,
      schema: mapAt(version, 'schema', 'openAPIV3Schema'),
    }));
}
