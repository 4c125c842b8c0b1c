import { isPlatformError, type KubeObject, type Platform } from '@tandem/platform';
import type { SecretDocument } from '@tandem/resources';
import { ConflictError, InvalidInputError, UnavailableError } from '@tandem/service';

/** Who declares the fields of the Secrets this service applies (server-side apply). */
export const SECRET_FIELD_MANAGER = 'tandem-failover';

export type SecretAction = 'created' | 'configured' | 'unchanged';

/**
 * Declares a Secret on this site's platform with server-side apply, taking over the fields it names (the person
 * asks for these values), and says what changed: `created`, `configured` (a value, the type or a label changed) or
 * `unchanged`. A refusal of the platform is thrown as an error naming the Secret and what to do; no value is echoed.
 */
export async function applySecret(site: Platform, secret: SecretDocument): Promise<SecretAction> {
  const { namespace, name } = secret.metadata;
  const ref = { apiVersion: 'v1', kind: 'Secret', namespace, name };
  const object: KubeObject = {
    apiVersion: 'v1',
    kind: 'Secret',
    metadata: {
      name,
      namespace,
      ...(Object.keys(secret.metadata.labels).length ? { labels: secret.metadata.labels } : {}),
      ...(Object.keys(secret.metadata.annotations).length ? { annotations: secret.metadata.annotations } : {}),
    },
    type: secret.type,
    data: encoded(secret),
  };
  try {
    const existing = await site.get(ref);
    await site.apply(object, { fieldManager: SECRET_FIELD_MANAGER, force: true });
    if (!existing) return 'created';
    return holds(existing, object) ? 'unchanged' : 'configured';
  } catch (error) {
    throw refusal(`Secret ${namespace}/${name}`, namespace, error);
  }
}

/** `data` and `stringData` together, base64-encoded: what the Secret stores. */
function encoded(secret: SecretDocument): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(secret.data ?? {})) out[k] = Buffer.from(v, 'base64').toString('base64');
  for (const [k, v] of Object.entries(secret.stringData ?? {})) out[k] = Buffer.from(v, 'utf8').toString('base64');
  return out;
}

/** Whether the stored Secret already has every value, the type, and the labels and annotations declared. */
function holds(existing: KubeObject, declared: KubeObject): boolean {
  const stored = { ...stringMap(existing['data']) };
  for (const [k, v] of Object.entries(stringMap(existing['stringData']))) stored[k] = Buffer.from(v, 'utf8').toString('base64');
  const sameValues = Object.entries(stringMap(declared['data'])).every(([k, v]) => stored[k] !== undefined && Buffer.from(stored[k], 'base64').equals(Buffer.from(v, 'base64')));
  const sameType = (existing['type'] ?? 'Opaque') === declared['type'];
  const meta = (o: KubeObject, field: 'labels' | 'annotations') => stringMap((o.metadata as Record<string, unknown>)[field]);
  const subset = (field: 'labels' | 'annotations') => Object.entries(meta(declared, field)).every(([k, v]) => meta(existing, field)[k] === v);
  return sameValues && sameType && subset('labels') && subset('annotations');
}

function stringMap(value: unknown): Record<string, string> {
  if (!value || typeof value !== 'object' || Array.isArray(value)) return {};
  return Object.fromEntries(Object.entries(value as Record<string, unknown>).filter((e): e is [string, string] => typeof e[1] === 'string'));
}

function refusal(what: string, namespace: string, error: unknown): Error {
  if (!isPlatformError(error)) return error instanceof Error ? error : new Error(String(error));
  const said = error.message;
  switch (error.reason) {
    case 'NotFound':
      return new InvalidInputError(`${what} cannot be applied on this site: ${said} (kubectl create namespace ${namespace})`, { code: 'secret-not-applied', cause: error });
    case 'Invalid':
    case 'Immutable':
      return new InvalidInputError(`${what} was refused by this site's platform: ${said}; correct the document and apply it again`, { code: 'secret-not-applied', cause: error });
    case 'Forbidden':
      return new InvalidInputError(`${what} cannot be written by this failover service: ${said}; grant it create and patch on Secrets in namespace ${namespace}, or apply the Secret with kubectl`, { code: 'secret-not-applied', cause: error });
    case 'Conflict':
    case 'AlreadyExists':
      return new ConflictError(`${what} changed while being applied: ${said}; apply it again`, { code: 'secret-not-applied', cause: error });
    case 'Timeout':
    case 'Unavailable':
      return new UnavailableError(`${what} cannot be applied now: ${said}; try again when this site's platform answers`, { code: 'secret-not-applied', cause: error });
  }
}
