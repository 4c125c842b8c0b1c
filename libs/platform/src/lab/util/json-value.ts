/** Plain JSON helpers for the lab's objects (which are always plain JSON: parsed YAML or JSON). */

export type JsonMap = Record<string, unknown>;

export function isMap(value: unknown): value is JsonMap {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

export function clone<T>(value: T): T {
  return structuredClone(value);
}

export function deepEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (Array.isArray(a)) {
    return Array.isArray(b) && a.length === b.length && a.every((item, i) => deepEqual(item, b[i]));
  }
  if (isMap(a) && isMap(b)) {
    const keys = Object.keys(a).filter((key) => a[key] !== undefined);
    const otherKeys = Object.keys(b).filter((key) => b[key] !== undefined);
    return keys.length === otherKeys.length && keys.every((key) => deepEqual(a[key], b[key]));
  }
  return false;
}

/** The map at `value[key]`, or undefined when it is absent or not a map. */
export function mapAt(value: unknown, ...keys: string[]): JsonMap | undefined {
  let current: unknown = value;
  for (const key of keys) current = isMap(current) ? current[key] : undefined;
  return isMap(current) ? current : undefined;
}

export function listAt(value: unknown, ...keys: string[]): unknown[] {
  let current: unknown = value;
  for (const key of keys) current = isMap(current) ? current[key] : undefined;
  return Array.isArray(current) ? current : [];
}

export function stringAt(value: unknown, ...keys: string[]): string | undefined {
  let current: unknown = value;
  for (const key of keys) current = isMap(current) ? current[key] : undefined;
  return typeof current === 'string' ? current : undefined;
}

export function numberAt(value: unknown, ...keys: string[]): number | undefined {
  let current: unknown = value;
  for (const key of keys) current = isMap(current) ? current[key] : undefined;
  return typeof current === 'number' ? current : undefined;
}

/** A copy without `null`s and `undefined`s inside maps (SSA treats a null as "not set"). */
export function withoutNulls<T>(value: T): T {
  if (Array.isArray(value)) return value.map((item) => withoutNulls(item)) as T;
  if (!isMap(value)) return value;
  const out: JsonMap = {};
  for (const [key, item] of Object.entries(value)) {
    if (item !== null && item !== undefined) out[key] = withoutNulls(item);
  }
  return out as T;
}
