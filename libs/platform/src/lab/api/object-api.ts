import { randomUUID } from 'node:crypto';
import { apiVersionOf, groupOf, type KubeObject, type ObjectRef, type ResourceType } from '../../model/kube-object';
import { matchesSelector } from '../../model/label-selector';
import { PlatformError } from '../../platform.errors';
import type { ApplyOptions, ListOptions } from '../../platform.port';
import type { FieldOptions } from '../apply/field-set';
import { readOwnership, writeOwnership } from '../apply/managed-fields';
import { applyDefaults } from '../apply/server-defaults';
import { recordUpdate, serverSideApply } from '../apply/server-side-apply';
import { admitUnderFence } from '../admission/domain-fence.admission';
import type { ResourceStore } from '../store/resource.store';
import { type GroupKind, type LabType, Kinds } from '../types/builtin-types';
import type { TypeRegistry } from '../types/type-registry';
import { clone, deepEqual, withoutNulls } from '../util/json-value';
import { checkImmutable } from '../validation/immutable-fields';
import { checkEnvelope, checkObject } from '../validation/validate-object';
import { allocateServiceAddresses } from './service-allocator';
import { initialStatus, kubeTime, sameIgnoringTimes } from './object-meta';

/** The manager the site's own controllers write as (Kubernetes: kube-controller-manager). */
export const CONTROLLER_MANAGER = 'lab-controller-manager';

export interface ObjectApiHooks {
  /** Called after every stored change (not for dry runs). */
  changed(object: KubeObject, removed: boolean): void;
}

/**
 * The lab's API server: stores objects as Kubernetes would — validated, defaulted, server-side applied with
 * field ownership, immutable fields kept, uid/resourceVersion/generation maintained, graceful deletion for pods,
 * namespaces and objects with finalizers. Writes must be serialised by the caller (the site's lock).
 */
export class ObjectApi {
  constructor(
    private readonly store: ResourceStore,
    readonly types: TypeRegistry,
    private readonly hooks: ObjectApiHooks,
  ) {
    types.rebuild(store.list(Kinds.crd));
  }

  discover(): ResourceType[] {
    return this.types.all().map(({ group, version, kind, plural, namespaced, verbs }) => ({ group, version, kind, plural, namespaced, verbs: [...verbs] }));
  }

  list(type: Pick<ResourceType, 'group' | 'version' | 'kind'>, options: ListOptions = {}): KubeObject[] {
    const apiVersion = apiVersionOf(type);
    const labType = this.types.resolve(apiVersion, type.kind);
    if (!labType.namespaced && options.namespace !== undefined) {
      throw new PlatformError('Invalid', `${type.kind} is cluster-scoped: list it without a namespace (asked for namespace ${options.namespace})`);
    }
    return this.store
      .list(labType, options.namespace)
      .filter((object) => matchesSelector(object.metadata.labels, options.labelSelector))
      .map((object) => ({ ...clone(object), apiVersion }));
  }

  get(ref: ObjectRef): KubeObject | undefined {
    const type = this.resolveRef(ref);
    const object = this.store.get(type, ref.namespace, ref.name);
    return object ? { ...clone(object), apiVersion: ref.apiVersion } : undefined;
  }

  /** The stored object itself (not a copy: do not change it), for the site's controllers. */
  find(gk: GroupKind, namespace: string | undefined, name: string): KubeObject | undefined {
    return this.store.get(gk, namespace, name);
  }

  /** The stored objects of a type (not copies), for the site's controllers. */
  all(gk: GroupKind, namespace?: string): KubeObject[] {
    return this.store.list(gk, namespace);
  }

  everything(): KubeObject[] {
    return this.store.all();
  }

  typeOf(object: KubeObject): LabType {
    return this.types.resolve(object.apiVersion, object.kind);
  }

  async apply(input: unknown, options: ApplyOptions): Promise<KubeObject> {
    checkEnvelope(input);
    if (typeof options.fieldManager !== 'string' || options.fieldManager === '') {
      throw new PlatformError('Invalid', 'apply needs a fieldManager (who declares these fields), e.g. "tandem"');
    }
    const type = this.types.resolve(input.apiVersion, input.kind);
    const applied = withoutNulls(input);
    this.checkNamespace(applied, type);
    const live = this.store.get(type, applied.metadata.namespace, applied.metadata.name);
    checkPreconditions(applied, live);
    const now = kubeTime();
    const { object, owners } = serverSideApply({
      live,
      applied,
      owners: readOwnership(live),
      manager: options.fieldManager,
      force: options.force === true,
      statusSubresource: type.statusSubresource,
      fieldOptions: fieldOptionsOf(type),
      now,
    });
    writeOwnership(object, owners);
    admitUnderFence(this, object, live);
    return this.write(object, live, type, { dryRun: options.dryRun === true, validate: true });
  }

  /** Creates an object for a controller (its fields owned by `manager`, operation Update). */
  async create(object: KubeObject, manager = CONTROLLER_MANAGER): Promise<KubeObject> {
    const type = this.typeOf(object);
    const next = clone(object);
    writeOwnership(next, recordUpdate([], { manager, apiVersion: next.apiVersion, now: kubeTime() }, undefined, next, fieldOptionsOf(type), type.statusSubresource));
    return this.write(next, undefined, type, { dryRun: false, validate: true });
  }

  /** Replaces an object's spec and metadata as a controller or subresource would (not its status). */
  async update(next: KubeObject, writer: { manager: string; subresource?: string } = { manager: CONTROLLER_MANAGER }): Promise<KubeObject> {
    const type = this.typeOf(next);
    const live = this.store.get(type, next.metadata.namespace, next.metadata.name);
    if (!live) throw new PlatformError('NotFound', 'not found', { ref: refOfStored(next) });
    const object = clone(next);
    writeOwnership(object, recordUpdate(readOwnership(live), { ...writer, apiVersion: object.apiVersion, now: kubeTime() }, live, object, fieldOptionsOf(type), type.statusSubresource));
    return this.write(object, live, type, { dryRun: false, validate: true });
  }

  /** Sets the status of a stored object (the status subresource); a no-op when it is unchanged. */
  async setStatus(object: KubeObject, status: unknown): Promise<void> {
    const live = this.store.get(this.typeOf(object), object.metadata.namespace, object.metadata.name);
    if (!live || deepEqual(live['status'], status)) return;
    const next = { ...clone(live), status: clone(status) };
    next.metadata.resourceVersion = this.store.nextRevision();
    await this.store.put(next);
    this.hooks.changed(next, false);
  }

  /**
   * Deletes as the API server does: pods, namespaces and objects with finalizers are marked (deletionTimestamp)
   * and go once the kubelet, the namespace controller or the finalizers' owners are done; the rest go at once
   * (their dependents are collected by the garbage collector). `false` when there was nothing to delete.
   */
  async delete(ref: ObjectRef): Promise<boolean> {
    const type = this.resolveRef(ref);
    const live = this.store.get(type, ref.namespace, ref.name);
    if (!live) return false;
    if (live.metadata.deletionTimestamp !== undefined) return true;
    const graceful = type.kind === 'Pod' || type.kind === 'Namespace' || (live.metadata.finalizers ?? []).length > 0;
    if (!graceful) {
      await this.remove(live);
      return true;
    }
    const next = clone(live);
    next.metadata.deletionTimestamp = kubeTime();
    if (type.kind === 'Pod') next.metadata.deletionGracePeriodSeconds = Number((next['spec'] as { terminationGracePeriodSeconds?: number } | undefined)?.terminationGracePeriodSeconds ?? 30);
    if (type.kind === 'Namespace') next['status'] = { ...(next['status'] as object), phase: 'Terminating' };
    next.metadata.resourceVersion = this.store.nextRevision();
    await this.store.put(next);
    this.hooks.changed(next, false);
    return true;
  }

  /** Removes an object from the store for good (the end of a graceful deletion). */
  async remove(object: KubeObject): Promise<void> {
    const gk = { group: groupOf(object.apiVersion), kind: object.kind };
    if (!this.store.get(gk, object.metadata.namespace, object.metadata.name)) return;
    this.store.nextRevision();
    await this.store.remove(gk, object.metadata.namespace, object.metadata.name);
    if (object.kind === 'CustomResourceDefinition') await this.removeCustomResources(object);
    this.hooks.changed(object, true);
  }

  private async write(object: KubeObject, live: KubeObject | undefined, type: LabType, options: { dryRun: boolean; validate: boolean }): Promise<KubeObject> {
    const uid = live?.metadata.uid ?? randomUUID();
    applyDefaults(object, type, { creating: live === undefined, defaultStorageClass: this.defaultStorageClass(), uid });
    if (options.validate) checkObject(object, type);
    if (live) checkImmutable(live, object, type);
    if (type.kind === 'Service' && type.group === '') allocateServiceAddresses(object, live, this.store.list(Kinds.service));
    Object.assign(object.metadata, {
      uid,
      creationTimestamp: live?.metadata.creationTimestamp ?? kubeTime(),
      generation: nextGeneration(live, object),
      resourceVersion: live?.metadata.resourceVersion,
    });
    if (live?.metadata.deletionTimestamp !== undefined) object.metadata.deletionTimestamp = live.metadata.deletionTimestamp;
    if (type.statusSubresource) object['status'] = live ? clone(live['status']) : initialStatus(object, type);
    if (object['status'] === undefined) delete object['status'];
    if (live && sameIgnoringTimes(object, live)) return clone(live);
    if (options.dryRun) return object;
    object.metadata.resourceVersion = this.store.nextRevision();
    if (object.metadata.deletionTimestamp !== undefined && (object.metadata.finalizers ?? []).length === 0 && type.kind !== 'Pod' && type.kind !== 'Namespace') {
      await this.remove(object);
      return clone(object);
    }
    await this.store.put(object);
    if (type.kind === 'CustomResourceDefinition') this.types.rebuild(this.store.list(Kinds.crd));
    this.hooks.changed(object, false);
    return clone(object);
  }

  private checkNamespace(object: KubeObject, type: LabType): void {
    const namespace = object.metadata.namespace;
    if (!type.namespaced) {
      if (namespace !== undefined && namespace !== '') throw new PlatformError('Invalid', `is invalid: metadata.namespace: Forbidden: ${type.kind} is cluster-scoped; leave the namespace out`, { ref: refOfStored(object) });
      delete object.metadata.namespace;
      return;
    }
    if (namespace === undefined || namespace === '') throw new PlatformError('Invalid', `is invalid: metadata.namespace: Required value: ${type.kind} is namespaced`, { ref: refOfStored(object) });
    const ns = this.store.get(Kinds.namespace, undefined, namespace);
    if (!ns) throw new PlatformError('NotFound', `namespace "${namespace}" not found: create the Namespace first`, { ref: refOfStored(object) });
    if (ns.metadata.deletionTimestamp !== undefined && !this.store.get(type, namespace, object.metadata.name)) {
      throw new PlatformError('Forbidden', `unable to create new content in namespace ${namespace} because it is being terminated`, { ref: refOfStored(object) });
    }
  }

  private resolveRef(ref: ObjectRef): LabType {
    const type = this.types.resolve(ref.apiVersion, ref.kind);
    if (type.namespaced && (ref.namespace === undefined || ref.namespace === '')) throw new PlatformError('Invalid', `${ref.kind} ${ref.name}: ${ref.kind} is namespaced: give its namespace`);
    if (!type.namespaced && ref.namespace !== undefined) throw new PlatformError('Invalid', `${ref.kind} ${ref.name}: ${ref.kind} is cluster-scoped: leave the namespace out`);
    return type;
  }

  private defaultStorageClass(): string | undefined {
    return this.store.list(Kinds.storageClass).find((sc) => sc.metadata.annotations?.['storageclass.kubernetes.io/is-default-class'] === 'true')?.metadata.name;
  }

  private async removeCustomResources(crd: KubeObject): Promise<void> {
    this.types.rebuild(this.store.list(Kinds.crd));
    const spec = crd['spec'] as { group?: string; names?: { kind?: string } } | undefined;
    if (!spec?.group || !spec.names?.kind) return;
    for (const object of this.store.list({ group: spec.group, kind: spec.names.kind })) await this.remove(object);
  }
}

function fieldOptionsOf(type: LabType): FieldOptions {
  return { associativeLists: type.crd === undefined };
}

function refOfStored(object: KubeObject): ObjectRef {
  return { apiVersion: object.apiVersion, kind: object.kind, name: object.metadata.name, ...(object.metadata.namespace ? { namespace: object.metadata.namespace } : {}) };
}

function checkPreconditions(applied: KubeObject, live: KubeObject | undefined): void {
  const { uid, resourceVersion } = applied.metadata;
  if (uid !== undefined && live !== undefined && uid !== live.metadata.uid) {
    throw new PlatformError('Conflict', `Precondition failed: UID in precondition: ${uid}, UID in object meta: ${live.metadata.uid}`, { ref: refOfStored(applied) });
  }
  if (resourceVersion !== undefined && resourceVersion !== '') {
    if (!live) throw new PlatformError('Conflict', 'the object does not exist, yet the applied object carries a resourceVersion: leave metadata.resourceVersion out to create it', { ref: refOfStored(applied) });
    if (resourceVersion !== live.metadata.resourceVersion) {
      throw new PlatformError('Conflict', `the object has been modified (resourceVersion ${live.metadata.resourceVersion}, applied ${resourceVersion}); apply the latest version, or leave metadata.resourceVersion out`, { ref: refOfStored(applied) });
    }
  }
}

function nextGeneration(live: KubeObject | undefined, next: KubeObject): number {
  if (!live) return 1;
  const content = (object: KubeObject): unknown => {
    const { metadata: _m, status: _s, ...rest } = object;
    return rest;
  };
  const generation = live.metadata.generation ?? 1;
  return deepEqual(content(live), content(next)) ? generation : generation + 1;
}
