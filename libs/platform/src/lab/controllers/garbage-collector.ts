import { refOf } from '../../model/kube-object';
import { type Controller, type ControllerContext, isDeleting } from './controller-context';

/**
 * Background cascading deletion: an object whose owners (by uid) are all gone is deleted, as Kubernetes'
 * garbage collector does. Pods so deleted stop gracefully.
 */
export class GarbageCollector implements Controller {
  readonly name = 'garbage-collector';

  constructor(private readonly context: ControllerContext) {}

  async reconcile(): Promise<boolean> {
    const { api } = this.context;
    const everything = api.everything();
    const uids = new Set(everything.map((object) => object.metadata.uid));
    let changed = false;
    for (const object of everything) {
      const owners = object.metadata.ownerReferences ?? [];
      if (owners.length === 0 || isDeleting(object) || owners.some((owner) => uids.has(owner.uid))) continue;
      await api.delete(refOf(object));
      changed = true;
    }
    return changed;
  }
}
