import { labelNameSchema, objectNameSchema, ScheduleRef } from '@tandem/contracts';
import { InvalidInputError } from '@tandem/service';

/** A namespace from a path or query, checked; the message says what a namespace looks like. */
export function namespaceParam(value: string, what = 'namespace'): string {
  const r = labelNameSchema.parse(value, what);
  if (!r.ok) throw new InvalidInputError(`${r.reason} (a namespace name, e.g. appns)`);
  return r.value;
}

export function nameParam(value: string, what = 'name'): string {
  const r = objectNameSchema.parse(value, what);
  if (!r.ok) throw new InvalidInputError(`${r.reason} (a Kubernetes object name, e.g. pg-protect)`);
  return r.value;
}

export const scheduleRefParam = (namespace: string, name: string): ScheduleRef => ({ namespace: namespaceParam(namespace), name: nameParam(name) });

export function limitParam(value: string | undefined, max = 10_000): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1 || n > max) throw new InvalidInputError(`limit: expected an integer from 1 to ${max}, got ${JSON.stringify(value)}`);
  return n;
}
