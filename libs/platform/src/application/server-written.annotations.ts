/**
 * Annotations the source's API server, controllers and kubectl write about the source's own state. Sanitising
 * drops them; an entry ending in `/*` stands for every annotation with that prefix.
 */
export const SERVER_WRITTEN_ANNOTATIONS: readonly string[] = [
  'kubectl.kubernetes.io/last-applied-configuration',
  'deployment.kubernetes.io/revision',
  'pv.kubernetes.io/*',
  'volume.kubernetes.io/selected-node',
  'volume.beta.kubernetes.io/storage-provisioner',
  'volume.kubernetes.io/storage-provisioner',
];

export function isServerWrittenAnnotation(key: string): boolean {
  return SERVER_WRITTEN_ANNOTATIONS.some((entry) => (entry.endsWith('/*') ? key.startsWith(entry.slice(0, -1)) : key === entry));
}
