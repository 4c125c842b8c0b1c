import { existsSync } from 'node:fs';
import { cpus, totalmem } from 'node:os';
import { join } from 'node:path';
import type { KubeObject } from '../../model/kube-object';
import type { ObjectApi } from '../api/object-api';
import type { SiteLayout } from '../site/site-layout';
import { Kinds } from '../types/builtin-types';
import { type JsonMap, isMap, listAt, mapAt, stringAt } from '../util/json-value';
import { quantityValue } from '../validation/names';
import { expand, upperSnake } from './env-expansion';
import { PodConfigError } from './pod-config.error';
import { preparePodVolumes } from './pod-volumes';
import { type RunIdentity, homeOf, runIdentityOf } from './run-identity';

/** A container without command or args runs this: an idle process, like an image whose entrypoint waits. */
export const PLACEHOLDER_COMMAND = ['tail', '-f', '/dev/null'];
const DEFAULT_PATH = '/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin';
const ENV_NAME = /^[-._a-zA-Z][-._a-zA-Z0-9]*$/;

/** How to start one container of a pod as a local process. */
export interface LaunchSpec {
  container: string;
  argv: string[];
  env: Record<string, string>;
  cwd: string;
  identity: RunIdentity | undefined;
}

/** The container by name, or the pod's first. */
export function containerOf(pod: KubeObject, name?: string): JsonMap | undefined {
  const containers = listAt(pod, 'spec', 'containers').filter(isMap);
  return name === undefined ? containers[0] : containers.find((c) => c['name'] === name);
}

/**
 * Resolves everything a container needs to start: its volumes (prepared and handed to its user), its
 * environment and its command line (`refresh: false`, for an exec into a running container, leaves the volumes
 * as they are). Throws `PodConfigError` when something it refers to is missing.
 */
export async function launchSpecOf(pod: KubeObject, api: ObjectApi, layout: SiteLayout, options: { container?: string; refresh?: boolean } = {}): Promise<LaunchSpec> {
  const containerName = options.container;
  const container = containerOf(pod, containerName);
  if (!container) throw new PodConfigError('CreateContainerConfigError', `container "${containerName}" is not in pod ${pod.metadata.name}`);
  const spec = mapAt(pod, 'spec') ?? {};
  const identity = runIdentityOf(spec, container);
  const volumes = await preparePodVolumes(pod, api, layout, identity, options.refresh ?? true);
  const vars = new Map<string, string>([
    ['POD_NAME', pod.metadata.name],
    ['POD_NAMESPACE', pod.metadata.namespace as string],
    ['HOSTNAME', stringAt(spec, 'hostname') ?? pod.metadata.name],
  ]);
  for (const mount of listAt(container, 'volumeMounts').filter(isMap)) {
    const dir = volumes.get(String(mount['name']));
    const variable = `VOLUME_${upperSnake(String(mount['name']))}`;
    if (dir !== undefined && !vars.has(variable)) vars.set(variable, typeof mount['subPath'] === 'string' && mount['subPath'] !== '' ? join(dir, mount['subPath']) : dir);
  }
  for (const from of listAt(container, 'envFrom').filter(isMap)) addEnvFrom(pod, api, from, vars);
  for (const env of listAt(container, 'env').filter(isMap)) {
    const name = String(env['name']);
    if (isMap(env['valueFrom'])) {
      const value = valueFrom(pod, container, api, env['valueFrom']);
      if (value !== undefined) vars.set(name, value);
    } else {
      vars.set(name, expand(typeof env['value'] === 'string' ? env['value'] : '', vars));
    }
  }
  const command = listAt(container, 'command').map((part) => expand(String(part), vars));
  const args = listAt(container, 'args').map((part) => expand(String(part), vars));
  const argv = command.length > 0 ? [...command, ...args] : args.length > 0 ? args : PLACEHOLDER_COMMAND;
  const home = identity ? homeOf(identity.uid) : (process.env['HOME'] ?? '/');
  const cwd = stringAt(container, 'workingDir') ?? '/';
  if (!existsSync(cwd)) throw new PodConfigError('CreateContainerError', `workingDir ${cwd} does not exist on the lab node`);
  return { container: String(container['name']), argv, env: { PATH: process.env['PATH'] ?? DEFAULT_PATH, HOME: home, ...Object.fromEntries(vars) }, cwd, identity };
}

function addEnvFrom(pod: KubeObject, api: ObjectApi, from: JsonMap, vars: Map<string, string>): void {
  const isSecret = isMap(from['secretRef']);
  const ref = (isSecret ? from['secretRef'] : from['configMapRef']) as JsonMap | undefined;
  if (!ref) return;
  const source = api.find(isSecret ? Kinds.secret : Kinds.configMap, pod.metadata.namespace, String(ref['name']));
  if (!source) {
    if (ref['optional'] === true) return;
    throw new PodConfigError('CreateContainerConfigError', `${isSecret ? 'secret' : 'configmap'} "${String(ref['name'])}" not found`);
  }
  const prefix = typeof from['prefix'] === 'string' ? from['prefix'] : '';
  for (const [key, value] of Object.entries(mapAt(source, 'data') ?? {})) {
    if (!ENV_NAME.test(prefix + key)) continue;
    vars.set(prefix + key, isSecret ? Buffer.from(String(value), 'base64').toString('utf8') : String(value));
  }
}

function valueFrom(pod: KubeObject, container: JsonMap, api: ObjectApi, from: JsonMap): string | undefined {
  for (const kind of ['configMapKeyRef', 'secretKeyRef'] as const) {
    const ref = mapAt(from, kind);
    if (!ref) continue;
    const isSecret = kind === 'secretKeyRef';
    const source = api.find(isSecret ? Kinds.secret : Kinds.configMap, pod.metadata.namespace, String(ref['name']));
    const raw = mapAt(source, 'data')?.[String(ref['key'])];
    if (raw === undefined) {
      if (ref['optional'] === true) return undefined;
      const what = isSecret ? 'secret' : 'configmap';
      throw new PodConfigError('CreateContainerConfigError', source ? `couldn't find key ${String(ref['key'])} in ${what} ${pod.metadata.namespace}/${String(ref['name'])}` : `${what} "${String(ref['name'])}" not found`);
    }
    return isSecret ? Buffer.from(String(raw), 'base64').toString('utf8') : String(raw);
  }
  const fieldPath = stringAt(from, 'fieldRef', 'fieldPath');
  if (fieldPath !== undefined) return fieldValue(pod, fieldPath);
  const resource = stringAt(from, 'resourceFieldRef', 'resource');
  if (resource !== undefined) return resourceValue(container, resource, stringAt(from, 'resourceFieldRef', 'divisor'));
  return undefined;
}

function fieldValue(pod: KubeObject, path: string): string {
  const labelOrAnnotation = /^metadata\.(labels|annotations)\['(.+)'\]$/.exec(path);
  if (labelOrAnnotation) return String((pod.metadata[labelOrAnnotation[1] as string] as Record<string, string> | undefined)?.[labelOrAnnotation[2] as string] ?? '');
  const values: Record<string, string | undefined> = {
    'metadata.name': pod.metadata.name,
    'metadata.namespace': pod.metadata.namespace,
    'metadata.uid': pod.metadata.uid,
    'spec.nodeName': stringAt(pod, 'spec', 'nodeName'),
    'spec.serviceAccountName': stringAt(pod, 'spec', 'serviceAccountName') ?? 'default',
    'status.podIP': '127.0.0.1',
    'status.podIPs': '127.0.0.1',
    'status.hostIP': '127.0.0.1',
    'status.hostIPs': '127.0.0.1',
  };
  if (!(path in values)) throw new PodConfigError('CreateContainerConfigError', `unsupported fieldRef fieldPath ${path}`);
  return values[path] ?? '';
}

function resourceValue(container: JsonMap, resource: string, divisor: string | undefined): string {
  const [kind, name] = resource.split('.') as [string, string];
  const declared = mapAt(container, 'resources', kind)?.[name] ?? mapAt(container, 'resources', 'limits')?.[name];
  const node = name === 'cpu' ? cpus().length : name === 'memory' ? totalmem() : 0;
  const value = declared === undefined ? node : quantityValue(declared);
  return String(Math.ceil(value / (divisor === undefined ? 1 : quantityValue(divisor))));
}
