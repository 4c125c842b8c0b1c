import { labelNameSchema, objectNameSchema } from '@tandem/contracts';
import { InvalidInputError } from '@tandem/service';

/** A namespace from a path, checked; the message says what a namespace looks like. */
export function namespaceParam(value: string): string {
  const r = labelNameSchema.parse(value, 'namespace');
  if (!r.ok) throw new InvalidInputError(`${r.reason} (a namespace name, e.g. appns)`);
  return r.value;
}

/** A migration schedule's name from a path, checked. */
export function scheduleParam(value: string): string {
  const r = objectNameSchema.parse(value, 'schedule');
  if (!r.ok) throw new InvalidInputError(`${r.reason} (a MigrationSchedule name, e.g. pg-protect)`);
  return r.value;
}

export function limitParam(value: string | undefined, max = 10_000): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1 || n > max) throw new InvalidInputError(`limit: expected an integer from 1 to ${max}, got ${JSON.stringify(value)}`);
  return n;
}
