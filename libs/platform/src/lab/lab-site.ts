import type { KubeObject, ObjectRef, ResourceType } from '../model/kube-object';
import { matchesSelector } from '../model/label-selector';
import { PlatformError } from '../platform.errors';
import type { ApplyOptions, ExecRequest, ExecResult, ListOptions, SnapshotVolumesRequest, VolumeBinding, VolumeSnapshot, WorkloadStatus } from '../platform.port';
import { TANDEM_FIELD_MANAGER } from '../model/annotations';
import { ObjectApi } from './api/object-api';
import { admitUnderFence } from './admission/domain-fence.admission';
import type { Controller, ControllerContext } from './controllers/controller-context';
import { DaemonSetController } from './controllers/daemon-set.controller';
import { DeploymentController, ReplicaSetController } from './controllers/deployment.controller';
import { GarbageCollector } from './controllers/garbage-collector';
import { NamespaceController } from './controllers/namespace.controller';
import { StatefulSetController } from './controllers/stateful-set.controller';
import { VolumeController } from './controllers/volume.controller';
import { WorkloadStatusController, workloadCounts } from './controllers/workload-status.controller';
import { Kubelet } from './kubelet/kubelet';
import { readSiteConfig, type SiteConfig } from './site/site-config';
import { SiteLayout } from './site/site-layout';
import { claimSite, releaseSite } from './site/site-owner';
import { volumeBindings } from './site/volume-bindings';
import { ResourceStore } from './store/resource.store';
import { TypeRegistry } from './types/type-registry';
import { type LabLogger, SILENT_LOGGER } from './util/lab-logger';
import { clone } from './util/json-value';
import { SerialQueue } from './util/serial-queue';
import { snapshotVolumes } from './volumes/snapshot-volumes';

export interface LabSiteOptions {
  log?: LabLogger;
  /** How often the controllers and the kubelet look again without being asked (default 500 ms). */
  tickMs?: number;
}

/** The manager that `scale` writes spec.replicas as (the port's scale has no manager of its own). */
export const SCALE_FIELD_MANAGER = TANDEM_FIELD_MANAGER;
const WORKLOAD_KINDS = ['Deployment', 'StatefulSet', 'DaemonSet', 'ReplicaSet'];
const WARN_EVERY_MS = 60_000;

/**
 * A lab site, open in this process: its API (the objects, as a Kubernetes API server keeps them), its
 * controllers and its kubelet (pods as local processes). Only one process opens a site at a time; the
 * `LabSiteServer` serves it over HTTP and `LabPlatform` is the client the rest of Tandem uses.
 */
export class LabSite {
  private readonly lock = new SerialQueue();
  /** Captures, one at a time (two at once would write the same mirror), outside the API's lock. */
  private readonly captures = new SerialQueue();
  private readonly controllers: Controller[];
  private readonly kubelet: Kubelet;
  private readonly timer: NodeJS.Timeout;
  private dirty = false;
  private looping: Promise<void> | undefined;
  private closed = false;
  private readonly warned = new Map<string, number>();

  private readonly api: ObjectApi;

  private constructor(
    readonly layout: SiteLayout,
    readonly config: SiteConfig,
    store: ResourceStore,
    private readonly log: LabLogger,
    tickMs: number,
  ) {
    const api = new ObjectApi(store, new TypeRegistry(), { changed: () => this.kick() });
    this.api = api;
    const context: ControllerContext = { api, layout, config };
    this.kubelet = new Kubelet(context, () => this.kick(), log);
    this.controllers = [
      new NamespaceController(context),
      new GarbageCollector(context),
      new DeploymentController(context),
      new ReplicaSetController(context),
      new StatefulSetController(context),
      new DaemonSetController(context),
      new VolumeController(context),
      this.kubelet,
      new WorkloadStatusController(context),
    ];
    this.timer = setInterval(() => this.kick(), tickMs);
    this.timer.unref();
  }

  /** Opens the site in `dir` (made by `createLabSite`): loads its objects, re-adopts its pods' processes. */
  static async open(dir: string, options: LabSiteOptions = {}): Promise<LabSite> {
    const layout = new SiteLayout(dir);
    const config = await readSiteConfig(layout);
    await claimSite(layout, config.name);
    const site = new LabSite(layout, config, await ResourceStore.load(layout), options.log ?? SILENT_LOGGER, options.tickMs ?? 500);
    await site.kubelet.load();
    site.kick();
    await site.settled();
    return site;
  }

  get name(): string {
    return this.config.name;
  }

  discover(): ResourceType[] {
    return this.api.discover();
  }

  list(type: Pick<ResourceType, 'group' | 'version' | 'kind'>, options?: ListOptions): KubeObject[] {
    return this.api.list(type, options);
  }

  get(ref: ObjectRef): KubeObject | undefined {
    return this.api.get(ref);
  }

  apply(object: KubeObject, options: ApplyOptions): Promise<KubeObject> {
    return this.lock.run(() => this.api.apply(object, options));
  }

  delete(ref: ObjectRef): Promise<boolean> {
    return this.lock.run(() => this.api.delete(ref));
  }

  scale(ref: ObjectRef, replicas: number): Promise<void> {
    return this.lock.run(async () => {
      const type = this.api.types.resolve(ref.apiVersion, ref.kind);
      if (!type.scaleSubresource) throw new PlatformError('NotFound', `${ref.kind} has no scale subresource: only Deployments, StatefulSets and ReplicaSets scale`, { ref });
      if (!Number.isInteger(replicas) || replicas < 0) throw new PlatformError('Invalid', `is invalid: spec.replicas: Invalid value: ${replicas}: must be greater than or equal to 0`, { ref });
      const live = this.api.get(ref);
      if (!live) throw new PlatformError('NotFound', `${ref.kind.toLowerCase()} "${ref.name}" not found`, { ref });
      const next = clone(live);
      next['spec'] = { ...(next['spec'] as object), replicas };
      admitUnderFence(this.api, next, live);
      await this.api.update(next, { manager: SCALE_FIELD_MANAGER, subresource: 'scale' });
    });
  }

  workloadStatus(ref: ObjectRef): WorkloadStatus {
    if (!WORKLOAD_KINDS.includes(ref.kind)) throw new PlatformError('Invalid', `${ref.kind} is not a workload: workloadStatus reads Deployments, StatefulSets and DaemonSets`, { ref });
    const workload = this.api.get(ref);
    if (!workload) throw new PlatformError('NotFound', `${ref.kind.toLowerCase()} "${ref.name}" not found`, { ref });
    return workloadCounts(this.api, workload, this.config.nodeLabels);
  }

  async exec(request: ExecRequest): Promise<ExecResult[]> {
    if (request.command.length === 0) throw new PlatformError('Invalid', 'exec needs a command (an argv list, e.g. ["sh", "-c", "…"])');
    if (!(request.timeoutMs > 0)) throw new PlatformError('Invalid', `exec needs a positive timeoutMs, got ${request.timeoutMs}`);
    const pods = this.api
      .all({ group: '', kind: 'Pod' }, request.namespace)
      .filter((pod) => pod.metadata.deletionTimestamp === undefined && matchesSelector(pod.metadata.labels, request.podSelector));
    const running = pods.filter((pod) => (pod['status'] as { phase?: string } | undefined)?.phase === 'Running');
    const targets = request.single ? [running[0] ?? pods[0]].filter((pod): pod is KubeObject => pod !== undefined) : pods;
    return Promise.all(targets.map((pod) => this.kubelet.exec(clone(pod), request.command, request.timeoutMs, request.container)));
  }

  volumesFor(namespace: string, claimNames?: string[]): VolumeBinding[] {
    return volumeBindings(this.api, this.config, namespace, claimNames);
  }

  /** Mirrors each claim's volume into `volumes/<pv>.snapshot` (see volumes/snapshot-volumes.ts). */
  snapshotVolumes(request: SnapshotVolumesRequest): Promise<VolumeSnapshot[]> {
    return this.captures.run(async () => {
      const started = Date.now();
      const taken = await snapshotVolumes(this.api, this.layout, this.config, request);
      this.log.info('volumes captured', { site: this.name, snapshot: request.snapshotName, namespace: request.namespace, volumes: taken.length, ms: Date.now() - started });
      return taken;
    });
  }

  /** Resolves once the controllers have nothing left to do right now (tests, and the CLI after an apply). */
  async settled(): Promise<void> {
    while (this.looping) await this.looping;
  }

  /**
   * Stops the controllers. Pods keep running (like a kubelet restart) to be re-adopted by the next `open`,
   * unless `stopPods`, which stops every pod's process first (SIGTERM, then SIGKILL after the grace period).
   */
  async close(options: { stopPods?: boolean } = {}): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    clearInterval(this.timer);
    await this.settled();
    await this.lock.run(() => this.kubelet.close({ stopPods: options.stopPods === true }));
    await releaseSite(this.layout);
    this.log.info('lab site closed', { site: this.name, podsStopped: options.stopPods === true });
  }

  private kick(): void {
    this.dirty = true;
    if (this.looping || this.closed) return;
    this.looping = this.loop().finally(() => {
      this.looping = undefined;
    });
  }

  private async loop(): Promise<void> {
    for (let round = 0; this.dirty && !this.closed; round++) {
      this.dirty = false;
      await this.lock.run(() => this.reconcileOnce());
      if (round >= 20) {
        await new Promise((resolve) => setTimeout(resolve, 50));
        round = 0;
      }
    }
  }

  private async reconcileOnce(): Promise<void> {
    for (const controller of this.controllers) {
      try {
        if (await controller.reconcile()) this.dirty = true;
      } catch (error) {
        const message = error instanceof Error ? error.message : String(error);
        const key = `${controller.name}: ${message}`;
        if (Date.now() - (this.warned.get(key) ?? 0) > WARN_EVERY_MS) {
          this.warned.set(key, Date.now());
          this.log.warn(`the ${controller.name} controller failed; it keeps trying (this warning repeats at most once a minute)`, { error: message });
        }
      }
    }
  }
}
