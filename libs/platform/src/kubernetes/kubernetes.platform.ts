import type { KubeConfig } from '@kubernetes/client-node';
import { refOf, type KubeObject, type ObjectRef, type ResourceType } from '../model/kube-object';
import { matchesSelector, selectorToString, type LabelSelector } from '../model/label-selector';
import { PlatformError } from '../platform.errors';
import type { ApplyOptions, ExecRequest, ExecResult, ListOptions, Platform, SnapshotVolumesRequest, VolumeBinding, VolumeSnapshot, WorkloadStatus } from '../platform.port';
import { KubeDiscovery, resourcePath } from './kube.discovery';
import { toPlatformError } from './kube.errors';
import { KubeApiError, KubeHttp } from './kube.http';
import { execInPods } from './kube.exec';
import { volumeBindings } from './kube.volumes';

interface KubeList {
  items: KubeObject[];
  metadata?: { continue?: string };
}

const PAGE_SIZE = 500;

/**
 * A Kubernetes or OpenShift cluster through its API server: discovery, server-side apply with Tandem's field
 * manager, the scale subresource, exec in pods (the Kubernetes exec protocol through `@kubernetes/client-node`),
 * and PVC-to-volume mapping for the agents. Authentication is whatever the kubeconfig says.
 */
export class KubernetesPlatform implements Platform {
  readonly adapter = 'kubernetes' as const;
  private readonly http: KubeHttp;
  private readonly discovery: KubeDiscovery;

  constructor(
    readonly site: string,
    private readonly config: KubeConfig,
  ) {
    this.http = new KubeHttp(config, site);
    this.discovery = new KubeDiscovery(this.http, site);
  }

  discover(): Promise<ResourceType[]> {
    return this.discovery.preferred();
  }

  async list(type: ResourceType, options: ListOptions = {}): Promise<KubeObject[]> {
    const items: KubeObject[] = [];
    let next: string | undefined;
    try {
      do {
        const page = await this.http.request<KubeList>({
          method: 'GET',
          path: resourcePath(type, options.namespace, undefined),
          query: { labelSelector: selectorToString(options.labelSelector) || undefined, limit: String(PAGE_SIZE), continue: next },
        });
        const apiVersion = type.group === '' ? type.version : `${type.group}/${type.version}`;
        // List items come without apiVersion and kind; put them back so each object stands on its own.
        items.push(...page.items.map((item) => ({ ...item, apiVersion, kind: type.kind })));
        next = page.metadata?.continue || undefined;
      } while (next !== undefined);
    } catch (error) {
      throw toPlatformError(error, undefined, `list ${type.plural}${options.namespace === undefined ? '' : ` in ${options.namespace}`} on site ${this.site}`);
    }
    return items;
  }

  async get(ref: ObjectRef): Promise<KubeObject | undefined> {
    const type = await this.typeOf(ref);
    try {
      return await this.http.request<KubeObject>({ method: 'GET', path: resourcePath(type, ref.namespace, ref.name) });
    } catch (error) {
      if (error instanceof KubeApiError && error.statusCode === 404) return undefined;
      throw toPlatformError(error, ref, 'get');
    }
  }

  async apply(object: KubeObject, options: ApplyOptions): Promise<KubeObject> {
    const ref = refOf(object);
    const type = await this.typeOf(ref);
    if (type.namespaced && ref.namespace === undefined) throw new PlatformError('Invalid', 'metadata.namespace is required for a namespaced kind', { ref });
    try {
      return await this.http.request<KubeObject>({
        method: 'PATCH',
        path: resourcePath(type, ref.namespace, ref.name),
        query: { fieldManager: options.fieldManager, force: options.force ? 'true' : undefined, dryRun: options.dryRun ? 'All' : undefined },
        body: object,
        contentType: 'application/apply-patch+yaml',
      });
    } catch (error) {
      throw toPlatformError(error, ref, 'apply');
    } finally {
      if (type.group === 'apiextensions.k8s.io' && type.kind === 'CustomResourceDefinition') this.discovery.invalidate();
    }
  }

  async delete(ref: ObjectRef): Promise<boolean> {
    const type = await this.typeOf(ref);
    try {
      await this.http.request({ method: 'DELETE', path: resourcePath(type, ref.namespace, ref.name), body: { kind: 'DeleteOptions', apiVersion: 'v1', propagationPolicy: 'Background' } });
      return true;
    } catch (error) {
      if (error instanceof KubeApiError && error.statusCode === 404) return false;
      throw toPlatformError(error, ref, 'delete');
    }
  }

  async scale(ref: ObjectRef, replicas: number): Promise<void> {
    if (!Number.isInteger(replicas) || replicas < 0) throw new PlatformError('Invalid', `replicas must be a whole number ≥ 0, not ${replicas}`, { ref });
    const type = await this.typeOf(ref);
    const path = `${resourcePath(type, ref.namespace, ref.name)}/scale`;
    try {
      await this.http.request({
        method: 'PATCH',
        path,
        body: { spec: { replicas } },
        contentType: 'application/merge-patch+json',
      });
    } catch (error) {
      throw toPlatformError(error, ref, `scale to ${replicas}`);
    }
  }

  async workloadStatus(ref: ObjectRef): Promise<WorkloadStatus> {
    const object = await this.get(ref);
    if (object === undefined) throw new PlatformError('NotFound', 'the workload does not exist', { ref });
    const spec = (object.spec ?? {}) as { replicas?: number; selector?: LabelSelector };
    const status = (object.status ?? {}) as Record<string, number | undefined>;
    const pods = await this.podsOf(ref.namespace, spec.selector);
    const ready = pods.filter(isReady).length;
    if (ref.kind === 'DaemonSet') {
      return { desired: status.desiredNumberScheduled ?? 0, current: pods.length, ready };
    }
    return { desired: spec.replicas ?? 1, current: pods.length, ready };
  }

  async exec(request: ExecRequest): Promise<ExecResult[]> {
    const pods = (await this.podsOf(request.namespace, request.podSelector)).filter((pod) => (pod.status as { phase?: string } | undefined)?.phase === 'Running');
    pods.sort((a, b) => a.metadata.name.localeCompare(b.metadata.name));
    const chosen = request.single ? pods.slice(0, 1) : pods;
    if (chosen.length === 0) {
      throw new PlatformError('NotFound', `no running pod in namespace ${request.namespace} matches ${selectorToString(request.podSelector) || 'the selector'}`);
    }
    return execInPods(this.config, chosen, request);
  }

  volumesFor(namespace: string, claimNames?: string[]): Promise<VolumeBinding[]> {
    return volumeBindings(this, namespace, claimNames);
  }

  async snapshotVolumes(request: SnapshotVolumesRequest): Promise<VolumeSnapshot[]> {
    throw new PlatformError(
      'Invalid',
      `cannot capture ${request.claims.length} volume(s) of namespace ${request.namespace} for snapshot ${request.snapshotName}: the Kubernetes adapter does not take CSI VolumeSnapshots yet; ` +
        'the lab adapter does (TANDEM_PLATFORM=lab:<site dir>)',
    );
  }

  async close(): Promise<void> {
    // Nothing is held open between calls: each request uses the kubeconfig's agent.
  }

  /** Pods of a namespace that a selector matches, terminating ones included (they still hold their volumes). */
  private async podsOf(namespace: string | undefined, selector: LabelSelector | undefined): Promise<KubeObject[]> {
    if (namespace === undefined || selector === undefined) return [];
    const podType = await this.discovery.resolve('v1', 'Pod');
    const pods = await this.list(podType, { namespace, labelSelector: selector });
    return pods.filter((pod) => matchesSelector(pod.metadata.labels, selector));
  }

  private async typeOf(ref: ObjectRef): Promise<ResourceType> {
    try {
      return await this.discovery.resolve(ref.apiVersion, ref.kind);
    } catch (error) {
      if (error instanceof PlatformError && error.ref === undefined) throw new PlatformError(error.reason, error.message, { ref, cause: error });
      throw error;
    }
  }
}

function isReady(pod: KubeObject): boolean {
  const conditions = ((pod.status ?? {}) as { conditions?: { type: string; status: string }[] }).conditions ?? [];
  return pod.metadata.deletionTimestamp === undefined && conditions.some((condition) => condition.type === 'Ready' && condition.status === 'True');
}
