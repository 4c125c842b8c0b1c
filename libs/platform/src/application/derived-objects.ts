import { describeRef, groupOf, refOf, type KubeObject, type ObjectRef, type OwnerReference } from '../model/kube-object';
import { isKind, KubeKinds } from './kube-kinds';
import { neverMigratedType } from './never-migrated.table';

/**
 * Objects a controller makes from another object (Pods of ReplicaSets of Deployments, Pods and PVCs of
 * StatefulSets, Jobs of CronJobs, PVCs of a Pod's ephemeral volumes). They are not migrated: the owner is, and
 * its controller makes them again on the destination.
 *
 * An object is derived when one of its ownerReferences names an object that was read (by uid), or an object of a
 * type that is never migrated. PersistentVolumeClaims are the exception: their data is what a migration is for,
 * so a claim is derived only when a Pod owns it (an ephemeral volume). A StatefulSet whose
 * `persistentVolumeClaimRetentionPolicy` deletes its claims owns them, and they are migrated all the same.
 */
export class OwnershipIndex {
  private readonly byUid = new Map<string, KubeObject>();

  constructor(objects: readonly KubeObject[]) {
    for (const object of objects) {
      if (object.metadata.uid !== undefined) this.byUid.set(object.metadata.uid, object);
    }
  }

  /** Why `object` is derived, or `undefined` when it is not. */
  derivedReason(object: KubeObject): string | undefined {
    const owners = object.metadata.ownerReferences ?? [];
    if (isKind(object, KubeKinds.persistentVolumeClaim) && !owners.some((owner) => isKind(owner, KubeKinds.pod))) return undefined;
    for (const owner of owners) {
      const ownerRef = refOfOwner(owner, object.metadata.namespace);
      const read = this.byUid.get(owner.uid);
      if (read !== undefined) {
        const root = this.rootOwner(read);
        const through = root === read ? '' : ` (through ${describeRef(refOf(read))})`;
        return `derived from ${describeRef(refOf(root))}${through}: its controller makes it again on the destination`;
      }
      const never = neverMigratedType({ group: groupOf(owner.apiVersion), kind: owner.kind });
      if (never !== undefined) return `owned by ${describeRef(ownerRef)}, which is never migrated`;
    }
    return undefined;
  }

  /** The topmost owner of `object` among the objects read (ownership cycles, which Kubernetes forbids, stop the walk). */
  private rootOwner(object: KubeObject): KubeObject {
    let current = object;
    const visited = new Set<KubeObject>([current]);
    for (;;) {
      const next = (current.metadata.ownerReferences ?? []).map((owner) => this.byUid.get(owner.uid)).find((found) => found !== undefined);
      if (next === undefined || visited.has(next)) return current;
      visited.add(next);
      current = next;
    }
  }
}

function refOfOwner(owner: OwnerReference, namespace: string | undefined): ObjectRef {
  const ref: ObjectRef = { apiVersion: owner.apiVersion, kind: owner.kind, name: owner.name };
  if (namespace !== undefined) ref.namespace = namespace;
  return ref;
}
