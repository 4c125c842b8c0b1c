/** Plain JSON helpers for the lab's objects (which are always plain JSON: parsed YAML or JSON). */

import { isJsonObject, jsonEqual, type JsonObject } from '../../model/json-value';

export type JsonMap = JsonObject;

export const isMap = isJsonObject;

export function clone<T>(value: T): T {
  return structuredClone(value);
}

export const deepEqual = jsonEqual;

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
