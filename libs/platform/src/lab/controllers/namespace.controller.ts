import { type KubeObject, refOf } from '../../model/kube-object';
import { Kinds } from '../types/builtin-types';
import { type Controller, type ControllerContext, isDeleting } from './controller-context';

/**
 * Namespaces: every active namespace gets its `default` ServiceAccount; a namespace being deleted has all its
 * objects deleted (pods gracefully) and goes once it is empty.
 */
export class NamespaceController implements Controller {
  readonly name = 'namespace';

  constructor(private readonly context: ControllerContext) {}

  async reconcile(): Promise<boolean> {
    const { api } = this.context;
    let changed = false;
    for (const namespace of api.all(Kinds.namespace)) {
      const name = namespace.metadata.name;
      if (!isDeleting(namespace)) {
        if (!api.find(Kinds.serviceAccount, name, 'default')) {
          await api.create({ apiVersion: 'v1', kind: 'ServiceAccount', metadata: { name: 'default', namespace: name } });
          changed = true;
        }
        continue;
      }
      const contents = api.everything().filter((object) => object.metadata.namespace === name);
      for (const object of contents.filter((o) => !isDeleting(o))) {
        await api.delete(refOf(object));
        changed = true;
      }
      for (const object of contents.filter((o) => isDeleting(o) && o.kind !== 'Pod' && (o.metadata.finalizers ?? []).length > 0)) {
        changed = (await this.dropProtection(object)) || changed;
      }
      if (contents.length === 0) {
        await api.remove(namespace);
        changed = true;
      }
    }
    return changed;
  }

  /** The site's own finalizers (PVC protection) do not hold up a namespace whose pods are gone. */
  private async dropProtection(object: KubeObject): Promise<boolean> {
    const podsLeft = this.context.api.all(Kinds.pod, object.metadata.namespace).length > 0;
    if (podsLeft || !(object.metadata.finalizers ?? []).includes('kubernetes.io/pvc-protection')) return false;
    const next = structuredClone(object);
    next.metadata.finalizers = (next.metadata.finalizers ?? []).filter((f) => f !== 'kubernetes.io/pvc-protection');
    await this.context.api.update(next);
    return true;
  }
}
