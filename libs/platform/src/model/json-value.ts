/** Helpers for the plain JSON that Kubernetes objects are made of. */

export type JsonObject = Record<string, unknown>;

export function isJsonObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * A deep copy of plain JSON (objects, arrays, strings, numbers, booleans, null) that shares nothing with `value`, so
 * the copy can be changed without touching the original. A member named `__proto__` is copied as a member.
 */
export function cloneJson<T>(value: T): T {
  return copy(value) as T;
}

function copy(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(copy);
  if (typeof value !== 'object' || value === null) return value;
  const result: JsonObject = {};
  for (const [key, member] of Object.entries(value)) {
    Object.defineProperty(result, key, { value: copy(member), enumerable: true, writable: true, configurable: true });
  }
  return result;
}

/** Equality of two JSON values: objects by their members (in any order), arrays element by element. */
export function jsonEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (Array.isArray(a)) {
    return Array.isArray(b) && a.length === b.length && a.every((item, index) => jsonEqual(item, b[index]));
  }
  if (isJsonObject(a) && isJsonObject(b)) {
    const keys = Object.keys(a).filter((key) => a[key] !== undefined);
    const otherKeys = Object.keys(b).filter((key) => b[key] !== undefined);
    return keys.length === otherKeys.length && keys.every((key) => Object.prototype.hasOwnProperty.call(b, key) && jsonEqual(a[key], b[key]));
  }
  return false;
}

/** The object at `path` under `value`, or `undefined` when a step is missing or not an object. */
export function objectAt(value: unknown, ...path: string[]): JsonObject | undefined {
  let current: unknown = value;
  for (const step of path) {
    if (!isJsonObject(current)) return undefined;
    current = current[step];
  }
  return isJsonObject(current) ? current : undefined;
}

/** The string at `path` under `value`, or `undefined`. */
export function stringAt(value: unknown, ...path: string[]): string | undefined {
  const parent = objectAt(value, ...path.slice(0, -1));
  const last = path[path.length - 1];
  const found = parent === undefined || last === undefined ? undefined : parent[last];
  return typeof found === 'string' ? found : undefined;
}

/** The array at `path` under `value` (only its object elements), or `[]`. */
export function objectsAt(value: unknown, ...path: string[]): JsonObject[] {
  const parent = objectAt(value, ...path.slice(0, -1));
  const last = path[path.length - 1];
  const found = parent === undefined || last === undefined ? undefined : parent[last];
  return Array.isArray(found) ? found.filter(isJsonObject) : [];
}
