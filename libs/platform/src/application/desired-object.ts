import { Annotations, Labels } from '../model/annotations';
import type { KubeObject } from '../model/kube-object';
import { applyModeOf, mergedPart } from './apply-mode';
import { contentHashOf } from './content-hash';
import { toApplyable } from './to-applyable';
import { activateWorkload, deactivateWorkload } from './workload-activation';

export interface DesiredObjectOptions {
  migration: string;
  sourceSite: string;
  startApplications: boolean;
}

/**
 * An object exactly as `applyApplication` sends it: applyable, cut down to its merged part when it is to be merged,
 * kept from running (or let run) as `startApplications` says, labelled with the source site, annotated with the
 * migration and, last, with the hash of all that (which leaves out the migration's name, so the next migration of
 * the same content finds the same hash).
 */
export function desiredObject(object: KubeObject, options: DesiredObjectOptions): KubeObject {
  const applyable = toApplyable(object);
  const part = applyModeOf(applyable) === 'merge' ? mergedPart(applyable) : applyable;
  const desired = options.startApplications ? activateWorkload(part) : deactivateWorkload(part);
  desired.metadata.labels = { ...(desired.metadata.labels ?? {}), [Labels.migratedFrom]: options.sourceSite };
  desired.metadata.annotations = { ...(desired.metadata.annotations ?? {}), [Annotations.migration]: options.migration };
  desired.metadata.annotations[Annotations.contentHash] = contentHashOf(desired);
  return desired;
}
