import { mkdir, rm, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import type { KubeObject } from '../../model/kube-object';
import type { ObjectApi } from '../api/object-api';
import type { SiteLayout } from '../site/site-layout';
import { Kinds } from '../types/builtin-types';
import { type JsonMap, isMap, listAt, mapAt, numberAt, stringAt } from '../util/json-value';
import { PodConfigError } from './pod-config.error';
import { type RunIdentity, handOver } from './run-identity';

/**
 * The host directory of each of a pod's volumes, made ready for its container: a claim's bound volume
 * (hostPath or local), a per-pod directory for emptyDir, configMap and secret volumes (their keys written as
 * files on each start), or a hostPath. Volumes of other types are refused with a message.
 */
export async function preparePodVolumes(pod: KubeObject, api: ObjectApi, layout: SiteLayout, identity: RunIdentity | undefined, refresh = true): Promise<Map<string, string>> {
  const dirs = new Map<string, string>();
  const podDir = layout.podVolumesDir(pod.metadata.uid as string);
  for (const volume of listAt(pod, 'spec', 'volumes').filter(isMap)) {
    const name = String(volume['name']);
    const dir = await volumeDir(pod, volume, api, join(podDir, name), refresh);
    if (identity && refresh && volume['hostPath'] === undefined) await handOver(dir, identity);
    dirs.set(name, dir);
  }
  return dirs;
}

async function volumeDir(pod: KubeObject, volume: JsonMap, api: ObjectApi, podVolumeDir: string, refresh: boolean): Promise<string> {
  const namespace = pod.metadata.namespace as string;
  const name = String(volume['name']);
  if (isMap(volume['persistentVolumeClaim'])) {
    const claimName = stringAt(volume, 'persistentVolumeClaim', 'claimName') as string;
    const claim = api.find(Kinds.pvc, namespace, claimName);
    if (!claim) throw new PodConfigError('ContainerCreating', `persistentvolumeclaim "${claimName}" not found`);
    if (claim.metadata.deletionTimestamp !== undefined) throw new PodConfigError('ContainerCreating', `persistentvolumeclaim "${claimName}" is being deleted`);
    const volumeName = stringAt(claim, 'spec', 'volumeName');
    const pv = volumeName === undefined || stringAt(claim, 'status', 'phase') !== 'Bound' ? undefined : api.find(Kinds.pv, undefined, volumeName);
    if (!pv) throw new PodConfigError('ContainerCreating', `persistentvolumeclaim "${claimName}" is not bound to a volume yet`);
    const path = stringAt(pv, 'spec', 'hostPath', 'path') ?? stringAt(pv, 'spec', 'local', 'path');
    if (path === undefined) throw new PodConfigError('ContainerCreating', `volume "${name}": PersistentVolume ${pv.metadata.name} is neither hostPath nor local, which is all the lab can mount`);
    await mkdir(path, { recursive: true });
    return path;
  }
  if (volume['emptyDir'] !== undefined) {
    await mkdir(podVolumeDir, { recursive: true, mode: 0o777 });
    return podVolumeDir;
  }
  if (isMap(volume['configMap']) || isMap(volume['secret'])) {
    const isSecret = isMap(volume['secret']);
    const sourceName = (isSecret ? stringAt(volume, 'secret', 'secretName') : stringAt(volume, 'configMap', 'name')) as string;
    const source = api.find(isSecret ? Kinds.secret : Kinds.configMap, namespace, sourceName);
    const optional = (mapAt(volume, isSecret ? 'secret' : 'configMap') ?? {})['optional'] === true;
    if (!source && !optional) throw new PodConfigError('ContainerCreating', `${isSecret ? 'secret' : 'configmap'} "${sourceName}" not found`);
    if (refresh) await writeKeys(podVolumeDir, source, mapAt(volume, isSecret ? 'secret' : 'configMap') ?? {}, isSecret);
    return podVolumeDir;
  }
  if (isMap(volume['hostPath'])) {
    const path = stringAt(volume, 'hostPath', 'path') as string;
    if (['DirectoryOrCreate', undefined, ''].includes(stringAt(volume, 'hostPath', 'type'))) await mkdir(path, { recursive: true });
    return path;
  }
  const type = Object.keys(volume).find((key) => key !== 'name') ?? 'unknown';
  throw new PodConfigError('ContainerCreating', `volume "${name}": the lab does not support ${type} volumes (only persistentVolumeClaim, emptyDir, configMap, secret and hostPath)`);
}

async function writeKeys(dir: string, source: KubeObject | undefined, spec: JsonMap, isSecret: boolean): Promise<void> {
  await rm(dir, { recursive: true, force: true });
  await mkdir(dir, { recursive: true, mode: 0o755 });
  if (!source) return;
  const text = (mapAt(source, 'data') ?? {}) as Record<string, string>;
  const binary = (isSecret ? {} : (mapAt(source, 'binaryData') ?? {})) as Record<string, string>;
  const bytes = (key: string): Buffer | undefined => {
    if (text[key] !== undefined) return isSecret ? Buffer.from(text[key], 'base64') : Buffer.from(text[key], 'utf8');
    return binary[key] === undefined ? undefined : Buffer.from(binary[key], 'base64');
  };
  const defaultMode = numberAt(spec, 'defaultMode') ?? 0o644;
  const items = listAt(spec, 'items').filter(isMap);
  const files = items.length > 0 ? items.map((item) => ({ key: String(item['key']), path: String(item['path']), mode: numberAt(item, 'mode') })) : [...Object.keys(text), ...Object.keys(binary)].map((key) => ({ key, path: key, mode: undefined }));
  for (const file of files) {
    const content = bytes(file.key);
    if (content === undefined) continue;
    const target = join(dir, file.path);
    await mkdir(dirname(target), { recursive: true });
    await writeFile(target, content, { mode: file.mode ?? defaultMode });
  }
}
