import { labelNameSchema, objectNameSchema } from '@tandem/contracts';
import { InvalidInputError } from '@tandem/service';

/** A namespace from a path or query, checked; the message says what a namespace looks like. */
export function namespaceParam(value: string | undefined, what = 'namespace'): string {
  if (value === undefined || value === '') throw new InvalidInputError(`${what} is required (a namespace name, e.g. appns)`);
  const r = labelNameSchema.parse(value, what);
  if (!r.ok) throw new InvalidInputError(`${r.reason} (a namespace name, e.g. appns)`);
  return r.value;
}

export function nameParam(value: string | undefined, what = 'name'): string {
  if (value === undefined || value === '') throw new InvalidInputError(`${what} is required (a Kubernetes object name, e.g. dr-site)`);
  const r = objectNameSchema.parse(value, what);
  if (!r.ok) throw new InvalidInputError(`${r.reason} (a Kubernetes object name, e.g. dr-site)`);
  return r.value;
}

export const pairRefParam = (namespace: string, name: string) => ({ namespace: namespaceParam(namespace), name: nameParam(name) });
