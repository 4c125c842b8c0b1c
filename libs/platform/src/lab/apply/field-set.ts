import { type JsonMap, clone, deepEqual, isMap } from '../util/json-value';

/**
 * Field paths in the notation of Kubernetes' managedFields (FieldsV1): `f:<field>` steps into a map field,
 * `k:{"name":"app"}` into the item of an associative list with that key, `v:"x"` is the item `x` of a set (such
 * as `metadata.finalizers`), and `.` stands for the item itself.
 * Lists the lab knows by key (containers, env, volumes, …) are associative, so that two managers can own
 * different containers' fields; every other list is atomic: whoever sets it owns all of it.
 */
export type FieldPath = readonly string[];
export type FieldsV1 = { [segment: string]: FieldsV1 };

/** Associative lists of the built-in types, by field name, with the fields that key their items. */
const LIST_KEYS: Record<string, readonly string[]> = {
  containers: ['name'],
  initContainers: ['name'],
  ephemeralContainers: ['name'],
  env: ['name'],
  volumes: ['name'],
  volumeMounts: ['mountPath'],
  imagePullSecrets: ['name'],
};

/** Lists of scalars that are sets: each item is owned on its own (managers add and remove their items). */
const SET_LISTS = new Set(['finalizers']);

function isSetList(field: string, list: unknown[]): boolean {
  return SET_LISTS.has(field) && list.every((item) => typeof item === 'string');
}

export interface FieldOptions {
  /** Built-in types use associative lists; custom resources' lists are atomic (x-kubernetes-list-type is not read). */
  associativeLists: boolean;
}

/** The fields that key the items of `list` (the field `fieldName`), or undefined when the list is atomic. */
function listKeysOf(fieldName: string, list: unknown[], options: FieldOptions): readonly string[] | undefined {
  const keys = options.associativeLists ? LIST_KEYS[fieldName] : undefined;
  if (!keys) return undefined;
  const seen = new Set<string>();
  for (const item of list) {
    if (!isMap(item) || keys.some((key) => typeof item[key] !== 'string' && typeof item[key] !== 'number')) return undefined;
    const id = itemKey(item, keys);
    if (seen.has(id)) return undefined;
    seen.add(id);
  }
  return keys;
}

function itemKey(item: JsonMap, keys: readonly string[]): string {
  return `k:${JSON.stringify(Object.fromEntries(keys.map((key) => [key, item[key]])))}`;
}

/** The leaf paths set in `value` (a map), each an owned field. */
export function fieldPaths(value: JsonMap, options: FieldOptions, prefix: FieldPath = []): FieldPath[] {
  const paths: FieldPath[] = [];
  for (const [field, item] of Object.entries(value)) {
    if (item === undefined || item === null) continue;
    const path = [...prefix, `f:${field}`];
    if (isMap(item) && Object.keys(item).length > 0) {
      paths.push(...fieldPaths(item, options, path));
    } else if (Array.isArray(item) && isSetList(field, item) && item.length > 0) {
      for (const element of item) paths.push([...path, `v:${JSON.stringify(element)}`]);
    } else if (Array.isArray(item) && listKeysOf(field, item, options)) {
      const keys = listKeysOf(field, item, options) as readonly string[];
      for (const element of item as JsonMap[]) {
        const elementPath = [...path, itemKey(element, keys)];
        paths.push([...elementPath, '.'], ...fieldPaths(element, options, elementPath));
      }
    } else {
      paths.push(path);
    }
  }
  return paths;
}

export function pathKey(path: FieldPath): string {
  return JSON.stringify(path);
}

/** `.spec.template.spec.containers[name="app"].image`: a path as messages show it. */
export function describePath(path: FieldPath): string {
  let text = '';
  for (const segment of path) {
    if (segment.startsWith('f:')) text += `.${segment.slice(2)}`;
    else if (segment.startsWith('k:')) {
      const key = JSON.parse(segment.slice(2)) as JsonMap;
      text += `[${Object.entries(key).map(([k, v]) => `${k}=${JSON.stringify(v)}`).join(',')}]`;
    } else if (segment.startsWith('v:')) text += `[${segment.slice(2)}]`;
  }
  return text || '.';
}

/** True when one path is the other or lies inside it (an owner of either would be affected by a change). */
export function overlaps(a: FieldPath, b: FieldPath): boolean {
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) if (a[i] !== b[i]) return false;
  return true;
}

/** The value at `path` in `root`, or undefined. `.` answers the list item itself. */
export function valueAt(root: unknown, path: FieldPath): unknown {
  let current: unknown = root;
  for (const segment of path) {
    if (segment === '.') return current;
    if (segment.startsWith('f:')) current = isMap(current) ? current[segment.slice(2)] : undefined;
    else current = Array.isArray(current) ? findItem(current, segment) : undefined;
    if (current === undefined) return undefined;
  }
  return current;
}

function findItem(list: unknown[], segment: string): unknown {
  if (segment.startsWith('v:')) {
    const wanted = JSON.parse(segment.slice(2)) as unknown;
    return list.find((item) => item === wanted);
  }
  const key = JSON.parse(segment.slice(2)) as JsonMap;
  return list.find((item) => isMap(item) && Object.entries(key).every(([k, v]) => item[k] === v));
}

/**
 * Removes the field at `path` from `root` (a `.` path removes the list item), then the maps and lists left
 * empty on the way up unless `keep` says someone still owns them.
 */
export function removeAt(root: JsonMap, path: FieldPath, keep: (path: FieldPath) => boolean): void {
  const target = path[path.length - 1] === '.' ? path.slice(0, -1) : path;
  const parentPath = target.slice(0, -1);
  const parent = valueAt(root, parentPath);
  const last = target[target.length - 1] as string;
  if (last.startsWith('f:') && isMap(parent)) delete parent[last.slice(2)];
  else if (last.startsWith('k:') && Array.isArray(parent)) {
    const item = findItem(parent, last);
    parent.splice(parent.indexOf(item), 1);
  }
  for (let depth = parentPath.length; depth > 0; depth--) {
    const ancestorPath = parentPath.slice(0, depth);
    const ancestor = valueAt(root, ancestorPath);
    const empty = (isMap(ancestor) && Object.keys(ancestor).length === 0) || (Array.isArray(ancestor) && ancestor.length === 0);
    if (!empty || keep(ancestorPath) || ancestorPath[ancestorPath.length - 1]?.startsWith('k:')) return;
    removeAt(root, ancestorPath, () => true);
  }
}

/**
 * `applied` laid over `base` (which it changes): maps merge field by field, associative lists item by item
 * (items keep their place; new ones are appended, so a pod's first container stays first), everything else is
 * replaced.
 */
export function mergeInto(base: JsonMap, applied: JsonMap, options: FieldOptions): JsonMap {
  for (const [field, value] of Object.entries(applied)) {
    if (value === undefined || value === null) continue;
    const current = base[field];
    if (isMap(value) && isMap(current)) {
      base[field] = mergeInto(current, value, options);
    } else if (Array.isArray(value) && Array.isArray(current) && isSetList(field, value) && isSetList(field, current)) {
      base[field] = [...new Set([...value, ...current])];
    } else if (Array.isArray(value) && Array.isArray(current)) {
      const keys = listKeysOf(field, value, options);
      base[field] = keys && listKeysOf(field, current, options) ? mergeLists(current as JsonMap[], value as JsonMap[], keys, options) : clone(value);
    } else {
      base[field] = clone(value);
    }
  }
  return base;
}

function mergeLists(base: JsonMap[], applied: JsonMap[], keys: readonly string[], options: FieldOptions): JsonMap[] {
  const byKey = new Map(applied.map((item) => [itemKey(item, keys), item]));
  const merged = base.map((item) => {
    const update = byKey.get(itemKey(item, keys));
    byKey.delete(itemKey(item, keys));
    return update ? mergeInto(item, update, options) : item;
  });
  return [...merged, ...[...byKey.values()].map((item) => clone(item))];
}

/** True when `applied` leaves `live` as it is at `path` (an empty map applied over a map changes nothing). */
export function sameAt(applied: unknown, live: unknown, path: FieldPath): boolean {
  const a = valueAt(applied, path);
  const l = valueAt(live, path);
  if (isMap(a) && Object.keys(a).length === 0 && isMap(l)) return true;
  return deepEqual(a, l);
}

export function toFieldsV1(paths: readonly FieldPath[]): FieldsV1 {
  const tree: FieldsV1 = {};
  for (const path of paths) {
    let node = tree;
    for (const segment of path) node = node[segment] ??= {};
  }
  return tree;
}

export function fromFieldsV1(tree: FieldsV1, prefix: FieldPath = []): FieldPath[] {
  const paths: FieldPath[] = [];
  for (const [segment, child] of Object.entries(tree)) {
    const path = [...prefix, segment];
    if (Object.keys(child).length === 0) paths.push(path);
    else paths.push(...fromFieldsV1(child, path));
  }
  return paths;
}
