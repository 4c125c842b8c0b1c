import { createHash, randomInt } from 'node:crypto';
import type { KubeObject, OwnerReference } from '../../model/kube-object';
import type { ObjectApi } from '../api/object-api';
import type { SiteConfig } from '../site/site-config';
import type { SiteLayout } from '../site/site-layout';
import { Kinds } from '../types/builtin-types';
import { isMap, listAt } from '../util/json-value';

/** What a controller works with: the site's API, its layout and its configuration. */
export interface ControllerContext {
  api: ObjectApi;
  layout: SiteLayout;
  config: SiteConfig;
}

/** One reconciling step: brings what exists towards what is declared; true when it changed something. */
export interface Controller {
  readonly name: string;
  reconcile(): Promise<boolean>;
}

export function controllerRef(owner: KubeObject): OwnerReference {
  return { apiVersion: owner.apiVersion, kind: owner.kind, name: owner.metadata.name, uid: owner.metadata.uid as string, controller: true, blockOwnerDeletion: true };
}

export function isControlledBy(object: KubeObject, owner: KubeObject): boolean {
  return (object.metadata.ownerReferences ?? []).some((ref) => ref.uid === owner.metadata.uid && ref.controller === true);
}

export const isDeleting = (object: KubeObject): boolean => object.metadata.deletionTimestamp !== undefined;

/** Pods the owner controls, terminating ones included. */
export function podsOf(api: ObjectApi, owner: KubeObject): KubeObject[] {
  return api.all(Kinds.pod, owner.metadata.namespace).filter((pod) => isControlledBy(pod, owner));
}

export function isPodReady(pod: KubeObject): boolean {
  return listAt(pod, 'status', 'conditions').some((condition) => isMap(condition) && condition['type'] === 'Ready' && condition['status'] === 'True');
}

const SAFE = 'bcdfghjklmnpqrstvwxz2456789';

/** A short hash of a pod template, in Kubernetes' alphabet (no vowels, no look-alikes). */
export function templateHash(template: unknown): string {
  const digest = createHash('sha256').update(JSON.stringify(template ?? {})).digest();
  return [...digest.subarray(0, 10)].map((byte) => SAFE[byte % SAFE.length]).join('');
}

/** The random suffix of a generated name (`<replicaset>-x7k2p`). */
export function randomSuffix(length = 5): string {
  return Array.from({ length }, () => SAFE[randomInt(SAFE.length)]).join('');
}

export interface PodOptions {
  namespace: string;
  name: string;
  owner: KubeObject;
  template: unknown;
  labels?: Record<string, string>;
  node: string;
  hostname?: string;
  subdomain?: string;
}

/** A pod made from a workload's template, owned by the workload, on the lab node. */
export function podFromTemplate(options: PodOptions): KubeObject {
  const template = isMap(options.template) ? structuredClone(options.template) : {};
  const metadata = isMap(template['metadata']) ? template['metadata'] : {};
  const spec = isMap(template['spec']) ? template['spec'] : {};
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: {
      ...metadata,
      name: options.name,
      namespace: options.namespace,
      labels: { ...(metadata['labels'] as Record<string, string> | undefined), ...options.labels },
      ownerReferences: [controllerRef(options.owner)],
    },
    spec: {
      ...spec,
      nodeName: options.node,
      ...(options.hostname ? { hostname: options.hostname } : {}),
      ...(options.subdomain ? { subdomain: options.subdomain } : {}),
    },
  };
}

export function replicasOf(workload: KubeObject): number {
  const replicas = (workload['spec'] as { replicas?: unknown } | undefined)?.replicas;
  return typeof replicas === 'number' ? replicas : 1;
}
