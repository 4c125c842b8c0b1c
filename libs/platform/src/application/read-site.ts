import { isPlatformError } from '../platform.errors';
import type { Platform } from '../platform.port';
import { apiVersionOf, type KubeObject, type ResourceType } from '../model/kube-object';
import { servedType, type KnownKind } from './kube-kinds';

/** The served type of a known kind, or the kind as Tandem knows it when discovery did not report it. */
export function typeOf(types: readonly ResourceType[], kind: KnownKind): ResourceType {
  return servedType(types, kind) ?? { ...kind, verbs: [] };
}

/** One object of a known kind, or `undefined` when the object (or the whole type) is not on the site. */
export async function getKnown(platform: Platform, kind: KnownKind, name: string, namespace?: string): Promise<KubeObject | undefined> {
  try {
    return await platform.get({ apiVersion: apiVersionOf(kind), kind: kind.kind, name, ...(namespace === undefined ? {} : { namespace }) });
  } catch (error) {
    if (isPlatformError(error, 'NotFound')) return undefined;
    throw error;
  }
}
