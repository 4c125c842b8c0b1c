import { type KubeObject, type LabelSelector, matchesSelector, type Platform, type ResourceType } from '@tandem/platform';

const CLAIMS: ResourceType = { group: '', version: 'v1', kind: 'PersistentVolumeClaim', plural: 'persistentvolumeclaims', namespaced: true, verbs: ['list'] };
const PODS: ResourceType = { group: '', version: 'v1', kind: 'Pod', plural: 'pods', namespaced: true, verbs: ['list'] };

export interface ApplicationLabels {
  /** Labels an object must have (all of them); empty: every object. */
  selectors: Record<string, string>;
  /** Labels that leave an object out (when it has all of them); empty: none is left out. */
  excludeSelectors: Record<string, string>;
}

/**
 * The claims of the application in one namespace, sorted: the PersistentVolumeClaims its labels select, and the
 * claims mounted by the pods they select (a StatefulSet's claims often carry no labels of their own).
 */
export async function applicationClaims(platform: Platform, namespace: string, labels: ApplicationLabels): Promise<string[]> {
  const selected = (object: KubeObject): boolean => selects(object, labels);
  const [claims, pods] = await Promise.all([platform.list(CLAIMS, { namespace }), platform.list(PODS, { namespace })]);
  const names = new Set(claims.filter(selected).map((claim) => claim.metadata.name));
  for (const pod of pods.filter(selected)) {
    const volumes = ((pod['spec'] as { volumes?: { persistentVolumeClaim?: { claimName?: string } }[] } | undefined)?.volumes ?? []);
    for (const volume of volumes) if (volume.persistentVolumeClaim?.claimName) names.add(volume.persistentVolumeClaim.claimName);
  }
  return [...names].sort();
}

function selects(object: KubeObject, labels: ApplicationLabels): boolean {
  const include: LabelSelector = { matchLabels: labels.selectors };
  if (!matchesSelector(object.metadata.labels, include)) return false;
  if (Object.keys(labels.excludeSelectors).length === 0) return true;
  return !matchesSelector(object.metadata.labels, { matchLabels: labels.excludeSelectors });
}
