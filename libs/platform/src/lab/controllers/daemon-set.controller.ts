import type { KubeObject } from '../../model/kube-object';
import { Kinds } from '../types/builtin-types';
import { mapAt } from '../util/json-value';
import { type Controller, type ControllerContext, isDeleting, podFromTemplate, podsOf, randomSuffix, templateHash } from './controller-context';

/** True when the DaemonSet's pod template may run on the lab node (its nodeSelector matches the node's labels). */
export function daemonSetRunsOnNode(ds: KubeObject, nodeLabels: Record<string, string>): boolean {
  const selector = (mapAt(ds, 'spec', 'template', 'spec', 'nodeSelector') ?? {}) as Record<string, unknown>;
  return Object.entries(selector).every(([key, value]) => nodeLabels[key] === value);
}

/**
 * DaemonSets: one pod (`<name>-<random>`) on the lab node when the template's nodeSelector matches the node's
 * labels, none otherwise. A changed template replaces the pod (RollingUpdate) unless the strategy is OnDelete.
 */
export class DaemonSetController implements Controller {
  readonly name = 'daemonset';

  constructor(private readonly context: ControllerContext) {}

  async reconcile(): Promise<boolean> {
    const { api, config } = this.context;
    let changed = false;
    for (const ds of api.all(Kinds.daemonSet)) {
      if (isDeleting(ds)) continue;
      const hash = templateHash(mapAt(ds, 'spec', 'template'));
      const pods = podsOf(api, ds);
      const live = pods.filter((pod) => !isDeleting(pod));
      const wanted = daemonSetRunsOnNode(ds, config.nodeLabels);
      const onDelete = (mapAt(ds, 'spec', 'updateStrategy') ?? {})['type'] === 'OnDelete';
      const stale = live.filter((pod, i) => !wanted || i > 0 || (!onDelete && pod.metadata.labels?.['controller-revision-hash'] !== hash));
      for (const pod of stale) {
        await api.delete({ apiVersion: 'v1', kind: 'Pod', namespace: pod.metadata.namespace as string, name: pod.metadata.name });
        changed = true;
      }
      if (wanted && pods.length === 0) {
        const name = `${ds.metadata.name}-${randomSuffix()}`;
        await api.create(podFromTemplate({ namespace: ds.metadata.namespace as string, name, owner: ds, template: mapAt(ds, 'spec', 'template'), node: config.node, labels: { 'controller-revision-hash': hash } }));
        changed = true;
      }
    }
    return changed;
  }
}
