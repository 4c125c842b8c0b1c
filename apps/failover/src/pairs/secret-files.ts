import { join } from 'node:path';
import type { SecretRef } from '@tandem/resources';

/** A Secret reference with its namespace written out (a pair's references default to the pair's namespace). */
export const inNamespace = (ref: SecretRef, namespace: string): SecretRef & { namespace: string } => ({ ...ref, namespace: ref.namespace ?? namespace });

/** Where agents see a Secret's key: `<secrets dir>/<namespace>/<secret>/<key>`. */
export const secretFile = (secretsDir: string, ref: SecretRef & { namespace: string }, defaultKey: string): string =>
  join(secretsDir, ref.namespace, ref.name, ref.key ?? defaultKey);
