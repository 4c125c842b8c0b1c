import type { KubeObject } from '../model/kube-object';
import { isPlatformError } from '../platform.errors';
import type { Platform } from '../platform.port';
import { objectAt, stringAt } from '../model/json-value';
import { groupKindKey, type GroupKind } from './kube-kinds';

/** The custom resource type a CustomResourceDefinition defines, or `undefined` when its spec does not say. */
export function definedType(crd: KubeObject): GroupKind | undefined {
  const group = stringAt(crd, 'spec', 'group');
  const kind = stringAt(objectAt(crd, 'spec', 'names'), 'kind');
  return group === undefined || kind === undefined ? undefined : { group, kind };
}

/**
 * Polls `discover()` until the site serves every one of `kinds`, for at most `timeoutMs`. Returns the kinds still
 * not served when time ran out (`[]`: all are served). A discovery that fails is polled again.
 */
export async function waitForServedTypes(platform: Platform, kinds: readonly GroupKind[], timeoutMs: number, pollIntervalMs = 250): Promise<GroupKind[]> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    let missing = [...kinds];
    try {
      const served = new Set((await platform.discover()).map(groupKindKey));
      missing = kinds.filter((kind) => !served.has(groupKindKey(kind)));
    } catch (error) {
      if (!isPlatformError(error)) throw error;
    }
    const left = deadline - Date.now();
    if (missing.length === 0 || left <= 0) return missing;
    await new Promise<void>((resolve) => setTimeout(resolve, Math.min(pollIntervalMs, left)));
  }
}
