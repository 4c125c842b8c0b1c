import { checkDomainFence } from '../domain-fence';
import { Annotations, TANDEM_FIELD_MANAGER } from '../model/annotations';
import { refOf, type KubeObject } from '../model/kube-object';
import type { LabelSelector } from '../model/label-selector';
import { isPlatformError } from '../platform.errors';
import type { Platform } from '../platform.port';
import { jsonEqual } from '../model/json-value';
import { distinctTypes, servedType } from './kube-kinds';
import { compareObjects } from './object-order';
import { failedOutcome, type ResourceOutcome } from './resource-outcome';
import { toApplyable } from './to-applyable';
import { activateWorkload, deactivateWorkload, SWITCHABLE_KINDS } from './workload-activation';

export interface ActivationOptions {
  /** Only the workloads whose labels match. */
  selector?: LabelSelector;
  /** Default `TANDEM_FIELD_MANAGER`. */
  fieldManager?: string;
}

export interface ActivationReport {
  /** `updated`, `unchanged` (nothing to change) or `failed`, per workload. */
  resources: ResourceOutcome[];
}

/**
 * Lets the workloads of a namespace run again: Deployments and StatefulSets get their recorded replicas back,
 * CronJobs their recorded `suspend`, DaemonSets their recorded node selector; the records and the content hash are
 * removed, so that the next migration writes the object again. A site whose domain fence says inactive is refused
 * first (`PlatformError` `Forbidden`, naming the fence and how to activate the domain), on any platform.
 */
export async function activateApplications(platform: Platform, namespace: string, options: ActivationOptions = {}): Promise<ActivationReport> {
  await checkDomainFence(platform);
  return switchWorkloads(platform, namespace, options, activateWorkload);
}

/**
 * Keeps the workloads of a namespace from running, recording what they ran with (an object already inactive keeps
 * its record); the content hash is removed, so that the next migration writes the object again.
 */
export function deactivateApplications(platform: Platform, namespace: string, options: ActivationOptions = {}): Promise<ActivationReport> {
  return switchWorkloads(platform, namespace, options, deactivateWorkload);
}

/**
 * Reads each workload afresh (`get`), changes it, and applies the whole of it with `force`: server-side apply
 * removes fields this manager set before and no longer sends, so the full object is sent, never only the changed
 * fields. A workload deleted meanwhile is passed over.
 */
async function switchWorkloads(platform: Platform, namespace: string, options: ActivationOptions, change: (object: KubeObject) => KubeObject): Promise<ActivationReport> {
  const fieldManager = options.fieldManager ?? TANDEM_FIELD_MANAGER;
  const types = distinctTypes(await platform.discover());
  const resources: ResourceOutcome[] = [];
  for (const kind of SWITCHABLE_KINDS) {
    const type = servedType(types, kind);
    if (type === undefined || !type.verbs.includes('list')) continue;
    const workloads = await platform.list(type, options.selector === undefined ? { namespace } : { namespace, labelSelector: options.selector });
    for (const listed of [...workloads].sort(compareObjects)) {
      const ref = refOf(listed);
      try {
        const workload = await platform.get(ref);
        if (workload === undefined) continue;
        const current = toApplyable(workload);
        const next = change(current);
        if (jsonEqual(next, current)) {
          resources.push({ ref, outcome: 'unchanged' });
          continue;
        }
        delete next.metadata.annotations?.[Annotations.contentHash];
        if (next.metadata.annotations !== undefined && Object.keys(next.metadata.annotations).length === 0) delete next.metadata.annotations;
        await platform.apply(next, { fieldManager, force: true });
        resources.push({ ref, outcome: 'updated' });
      } catch (error) {
        if (!isPlatformError(error)) throw error;
        resources.push(failedOutcome(ref, error));
      }
    }
  }
  return { resources };
}
