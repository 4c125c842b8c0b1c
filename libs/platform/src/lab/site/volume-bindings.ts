import type { VolumeBinding } from '../../platform.port';
import type { ObjectApi } from '../api/object-api';
import { Kinds } from '../types/builtin-types';
import { stringAt } from '../util/json-value';
import type { SiteConfig } from './site-config';

/** Where the data of a namespace's claims lives on the lab node; unbound or unreachable claims say why. */
export function volumeBindings(api: ObjectApi, config: SiteConfig, namespace: string, claimNames?: string[]): VolumeBinding[] {
  const names = claimNames ?? api.all(Kinds.pvc, namespace).map((claim) => claim.metadata.name);
  return names.map((name) => {
    const claimRef = { apiVersion: 'v1', kind: 'PersistentVolumeClaim', namespace, name };
    const claim = api.find(Kinds.pvc, namespace, name);
    if (!claim) return { claim: claimRef, unavailableReason: `claim ${namespace}/${name} does not exist` };
    const storageClassName = stringAt(claim, 'spec', 'storageClassName');
    const base: VolumeBinding = { claim: claimRef, ...(storageClassName === undefined ? {} : { storageClassName }) };
    const volumeName = stringAt(claim, 'spec', 'volumeName');
    const phase = stringAt(claim, 'status', 'phase') ?? 'Pending';
    if (volumeName === undefined || phase !== 'Bound') return { ...base, unavailableReason: `claim is ${phase}: not bound to a volume yet` };
    const volume = api.find(Kinds.pv, undefined, volumeName);
    if (!volume) return { ...base, volumeName, unavailableReason: `its volume ${volumeName} does not exist` };
    const path = stringAt(volume, 'spec', 'hostPath', 'path') ?? stringAt(volume, 'spec', 'local', 'path');
    if (path === undefined) return { ...base, volumeName, unavailableReason: `volume ${volumeName} is neither hostPath nor local: the lab cannot reach its data` };
    return { ...base, volumeName, path, node: config.node };
  });
}
