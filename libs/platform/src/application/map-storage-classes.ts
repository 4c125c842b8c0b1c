import type { KubeObject } from '../model/kube-object';
import { cloneJson, objectAt, objectsAt, type JsonObject } from '../model/json-value';
import { isKind, KubeKinds, LEGACY_STORAGE_CLASS_ANNOTATION } from './kube-kinds';

/**
 * Renames StorageClasses where volumes name them: `spec.storageClassName` of PersistentVolumeClaims (and their
 * legacy `volume.beta.kubernetes.io/storage-class` annotation), of PersistentVolumes and of StatefulSet
 * `volumeClaimTemplates`. Returns a new object. (StorageClass objects mapped away are dropped by the caller.)
 */
export function mapStorageClasses(object: KubeObject, mapping: Readonly<Record<string, string>>): KubeObject {
  const copy = cloneJson(object);
  const renameIn = (spec: JsonObject | undefined): void => {
    const name = spec?.['storageClassName'];
    if (spec !== undefined && typeof name === 'string' && Object.prototype.hasOwnProperty.call(mapping, name)) spec['storageClassName'] = mapping[name];
  };
  if (isKind(copy, KubeKinds.persistentVolumeClaim)) {
    renameIn(objectAt(copy, 'spec'));
    const annotations = copy.metadata.annotations;
    const legacy = annotations?.[LEGACY_STORAGE_CLASS_ANNOTATION];
    if (annotations !== undefined && legacy !== undefined && Object.prototype.hasOwnProperty.call(mapping, legacy)) {
      annotations[LEGACY_STORAGE_CLASS_ANNOTATION] = mapping[legacy] as string;
    }
  }
  if (isKind(copy, KubeKinds.persistentVolume)) renameIn(objectAt(copy, 'spec'));
  if (isKind(copy, KubeKinds.statefulSet)) for (const template of objectsAt(copy, 'spec', 'volumeClaimTemplates')) renameIn(objectAt(template, 'spec'));
  return copy;
}
