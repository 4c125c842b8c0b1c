import type { KubeObject, ObjectRef, ResourceType } from './model/kube-object';
import type { LabelSelector } from './model/label-selector';

/**
 * One site where applications run, as Tandem reaches it. The port is the Kubernetes API's vocabulary cut down to
 * what DR needs, so that `KubernetesPlatform` is a thin client of a real API server and `LabPlatform` a faithful
 * imitation on one machine. Everything above it (collect, sanitise, transform, apply, activate) is written once,
 * against this interface, in `application/`.
 *
 * Failures are thrown as `PlatformError` with a reason (`Invalid`, `Immutable`, `Forbidden`, `Conflict`,
 * `NotFound`, `AlreadyExists`, `Timeout`, `Unavailable`) and a message that names the object.
 */
export interface Platform {
  /** `lab` or `kubernetes`: which adapter. */
  readonly adapter: PlatformAdapterName;
  /** The site's name, as cluster pairs and messages call it. */
  readonly site: string;

  /** Every resource type the site serves, custom resources included. */
  discover(): Promise<ResourceType[]>;

  /** Objects of one type, in one namespace (or all, or cluster-scoped when `namespace` is absent). */
  list(type: ResourceType, options?: ListOptions): Promise<KubeObject[]>;

  /** One object, or `undefined` when it does not exist. A missing type is `NotFound` (e.g. a CRD not installed). */
  get(ref: ObjectRef): Promise<KubeObject | undefined>;

  /**
   * Declares the object as `fieldManager` wants it (server-side apply): creates it, or updates the fields this
   * manager owns; fields owned by others are kept. A field another manager owns with a different value is a
   * `Conflict` unless `force`. Changing an immutable field is `Immutable`. Returns the object as stored.
   */
  apply(object: KubeObject, options: ApplyOptions): Promise<KubeObject>;

  /** Deletes the object; `false` when it was not there. */
  delete(ref: ObjectRef): Promise<boolean>;

  /** Sets the replicas of a Deployment or StatefulSet through its scale subresource. */
  scale(ref: ObjectRef, replicas: number): Promise<void>;

  /** Replica counts of a Deployment, StatefulSet or DaemonSet as the site sees them now. */
  workloadStatus(ref: ObjectRef): Promise<WorkloadStatus>;

  /** Runs a command in the pods a selector matches (one result per pod), each bounded by `timeoutMs`. */
  exec(request: ExecRequest): Promise<ExecResult[]>;

  /** Where the data of PVCs lives, so that agents can read and write it. Unbound claims are reported, not skipped. */
  volumesFor(namespace: string, claimNames?: string[]): Promise<VolumeBinding[]>;

  /**
   * A point-in-time capture of the bound volume of each named claim, all in one call, into a volume that the
   * agents of the same node reach by name (`snapshotVolume`, a directory beside the original). A missing claim is
   * `NotFound`, an unbound or unreachable one `Invalid`, each naming the claim and why.
   */
  snapshotVolumes(request: SnapshotVolumesRequest): Promise<VolumeSnapshot[]>;

  /** Releases connections and watchers. */
  close(): Promise<void>;
}

export type PlatformAdapterName = 'lab' | 'kubernetes';

/** Injection token for the site a service works on. */
export const PLATFORM = Symbol('Platform');

export interface ListOptions {
  namespace?: string;
  labelSelector?: LabelSelector;
}

export interface ApplyOptions {
  /** Who declares the fields (`tandem` for everything Tandem writes). */
  fieldManager: string;
  /** Take fields over from other managers instead of failing with `Conflict`. */
  force?: boolean;
  /** Validate and return the result without storing it. */
  dryRun?: boolean;
}

export interface WorkloadStatus {
  /** Replicas asked for in the spec (for a DaemonSet: nodes it should run on). */
  desired: number;
  /** Pods that exist, ready or not; 0 means every pod has stopped and released its volumes. */
  current: number;
  ready: number;
}

export interface ExecRequest {
  namespace: string;
  podSelector: LabelSelector;
  command: string[];
  /** Run in one matching pod only (the first by name) instead of all. */
  single?: boolean;
  /** Container name; the pod's first container by default. */
  container?: string;
  timeoutMs: number;
}

export interface ExecResult {
  pod: string;
  /** `null` when the command did not finish (timed out, or the pod went away). */
  exitCode: number | null;
  stdout: string;
  stderr: string;
  timedOut: boolean;
}

export interface SnapshotVolumesRequest {
  namespace: string;
  /** Names of PersistentVolumeClaims in `namespace`. */
  claims: string[];
  /** Names the capture in messages and logs (a DNS label, e.g. the migration's name). */
  snapshotName: string;
}

export interface VolumeSnapshot {
  claim: ObjectRef;
  /** The PersistentVolume the claim is bound to. */
  volumeName: string;
  /** The capture: a plain directory name beside the volume's own, in the same volumes directory. */
  snapshotVolume: string;
  /** Where the capture's files are, on `node`. */
  path: string;
  node?: string;
}

export interface VolumeBinding {
  claim: ObjectRef;
  /** The bound PersistentVolume, or undefined while the claim is unbound. */
  volumeName?: string;
  storageClassName?: string;
  /** Where an agent reads and writes the volume's files, on `node` when the volume is node-local. */
  path?: string;
  node?: string;
  /** Why the volume cannot be reached by an agent, when it cannot. */
  unavailableReason?: string;
}
