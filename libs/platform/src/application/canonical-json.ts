/**
 * JSON with object members sorted by name at every depth, so that two equal objects give the same text whatever
 * order their members were written in. Members whose value is `undefined` are left out, as `JSON.stringify` does.
 */
export function canonicalJson(value: unknown): string {
  return JSON.stringify(sortMembers(value));
}

function sortMembers(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortMembers);
  if (typeof value !== 'object' || value === null) return value;
  const sorted: Record<string, unknown> = {};
  for (const key of Object.keys(value).sort()) {
    const member = (value as Record<string, unknown>)[key];
    if (member !== undefined) Object.defineProperty(sorted, key, { value: sortMembers(member), enumerable: true, writable: true, configurable: true });
  }
  return sorted;
}
