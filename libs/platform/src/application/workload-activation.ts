import { Annotations, INACTIVE_NODE_SELECTOR } from '../model/annotations';
import { refOf, type KubeObject } from '../model/kube-object';
import { PlatformError } from '../platform.errors';
import { cloneJson, isJsonObject, type JsonObject } from '../model/json-value';
import { isKind, KubeKinds, type KnownKind } from './kube-kinds';

/**
 * Keeping an application from running on a site, and letting it run again, with the original values recorded in
 * annotations on the object itself:
 * - Deployment, StatefulSet: `spec.replicas` 0, the original (1 when absent) in `Annotations.replicas`;
 * - CronJob: `spec.suspend` true, the original (`true` or `false`) in `Annotations.cronJobSuspend`;
 * - DaemonSet: `spec.template.spec.nodeSelector` set to `INACTIVE_NODE_SELECTOR`, which no node has, the original as
 *   JSON (`{}` when absent) in `Annotations.daemonSetNodeSelector`.
 * Other objects are returned as they are (copied).
 */
export const SWITCHABLE_KINDS: readonly KnownKind[] = [KubeKinds.deployment, KubeKinds.statefulSet, KubeKinds.daemonSet, KubeKinds.cronJob];

/**
 * A copy of `object` kept from running. An object already inactive keeps its recorded original, so deactivating
 * twice does not lose it.
 */
export function deactivateWorkload(object: KubeObject): KubeObject {
  const copy = cloneJson(object);
  const annotations = { ...(copy.metadata.annotations ?? {}) };
  if (isKind(copy, KubeKinds.deployment) || isKind(copy, KubeKinds.statefulSet)) {
    const spec = child(copy, 'spec');
    annotations[Annotations.replicas] ??= String(typeof spec['replicas'] === 'number' ? spec['replicas'] : 1);
    spec['replicas'] = 0;
  } else if (isKind(copy, KubeKinds.cronJob)) {
    const spec = child(copy, 'spec');
    annotations[Annotations.cronJobSuspend] ??= String(spec['suspend'] === true);
    spec['suspend'] = true;
  } else if (isKind(copy, KubeKinds.daemonSet)) {
    const podSpec = child(child(child(copy, 'spec'), 'template'), 'spec');
    annotations[Annotations.daemonSetNodeSelector] ??= JSON.stringify(isJsonObject(podSpec['nodeSelector']) ? podSpec['nodeSelector'] : {});
    podSpec['nodeSelector'] = { ...INACTIVE_NODE_SELECTOR };
  } else {
    return copy;
  }
  copy.metadata.annotations = annotations;
  return copy;
}

/**
 * A copy of `object` with the recorded originals put back and their annotations removed; unchanged when nothing
 * is recorded. A recorded value that cannot be read is `PlatformError` `Invalid`, naming the annotation.
 */
export function activateWorkload(object: KubeObject): KubeObject {
  const copy = cloneJson(object);
  const annotations = copy.metadata.annotations;
  if (annotations === undefined) return copy;
  const invalid = (key: string, expected: string): PlatformError =>
    new PlatformError('Invalid', `annotation ${key} is ${JSON.stringify(annotations[key])}, not ${expected}; set it to the original value, or remove it and set the field by hand`, { ref: refOf(object) });

  if (isKind(copy, KubeKinds.deployment) || isKind(copy, KubeKinds.statefulSet)) {
    const recorded = annotations[Annotations.replicas];
    if (recorded === undefined) return copy;
    if (!/^(0|[1-9][0-9]*)$/.test(recorded)) throw invalid(Annotations.replicas, 'a replica count');
    child(copy, 'spec')['replicas'] = Number(recorded);
    delete annotations[Annotations.replicas];
  } else if (isKind(copy, KubeKinds.cronJob)) {
    const recorded = annotations[Annotations.cronJobSuspend];
    if (recorded === undefined) return copy;
    if (recorded !== 'true' && recorded !== 'false') throw invalid(Annotations.cronJobSuspend, '"true" or "false"');
    child(copy, 'spec')['suspend'] = recorded === 'true';
    delete annotations[Annotations.cronJobSuspend];
  } else if (isKind(copy, KubeKinds.daemonSet)) {
    const recorded = annotations[Annotations.daemonSetNodeSelector];
    if (recorded === undefined) return copy;
    const original = parseNodeSelector(recorded);
    if (original === undefined) throw invalid(Annotations.daemonSetNodeSelector, 'the JSON of a node selector');
    const podSpec = child(child(child(copy, 'spec'), 'template'), 'spec');
    if (Object.keys(original).length === 0) delete podSpec['nodeSelector'];
    else podSpec['nodeSelector'] = original;
    delete annotations[Annotations.daemonSetNodeSelector];
  } else {
    return copy;
  }
  if (Object.keys(annotations).length === 0) delete copy.metadata.annotations;
  return copy;
}

function parseNodeSelector(text: string): Record<string, string> | undefined {
  try {
    const parsed: unknown = JSON.parse(text);
    if (!isJsonObject(parsed) || Object.values(parsed).some((value) => typeof value !== 'string')) return undefined;
    return parsed as Record<string, string>;
  } catch {
    return undefined;
  }
}

/** The object member `key` of `parent`, created empty when absent. */
function child(parent: JsonObject, key: string): JsonObject {
  const existing = parent[key];
  if (isJsonObject(existing)) return existing;
  const created: JsonObject = {};
  parent[key] = created;
  return created;
}
