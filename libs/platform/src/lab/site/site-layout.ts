import { join } from 'node:path';

/**
 * Where a lab site keeps its things. A site is a directory:
 * - `site.json`: name, node, settings (written once, by `createLabSite`)
 * - `token`: the bearer token of its server (mode 0600)
 * - `server.json`: pid and URL of the server serving it now
 * - `resources/<group|core>/<Kind>/<namespace|_cluster>/<name>.yaml`: the objects
 * - `volumes/`: the data of persistent volumes (`pvc-<uid>/`) and of pods' emptyDir/configMap/secret volumes
 * - `logs/<namespace>/<pod>.log`: what pods print
 * - `state/`: the resource version counter and the kubelet's record of pod processes
 */
export class SiteLayout {
  constructor(readonly root: string) {}

  get configFile(): string {
    return join(this.root, 'site.json');
  }
  get tokenFile(): string {
    return join(this.root, 'token');
  }
  get serverFile(): string {
    return join(this.root, 'server.json');
  }
  get resourcesDir(): string {
    return join(this.root, 'resources');
  }
  get volumesDir(): string {
    return join(this.root, 'volumes');
  }
  get logsDir(): string {
    return join(this.root, 'logs');
  }
  get stateDir(): string {
    return join(this.root, 'state');
  }
  get revisionFile(): string {
    return join(this.stateDir, 'revision');
  }
  get ownerFile(): string {
    return join(this.stateDir, 'owner.json');
  }

  resourceFile(group: string, kind: string, namespace: string | undefined, name: string): string {
    return join(this.resourcesDir, group === '' ? 'core' : group, kind, namespace ?? '_cluster', `${name}.yaml`);
  }

  persistentVolumeDir(volumeName: string): string {
    return join(this.volumesDir, volumeName);
  }

  /** emptyDir, configMap and secret volumes of one pod: removed with the pod. */
  podVolumesDir(podUid: string): string {
    return join(this.volumesDir, 'pods', podUid);
  }

  podLogFile(namespace: string, pod: string): string {
    return join(this.logsDir, namespace, `${pod}.log`);
  }

  podStateFile(namespace: string, pod: string): string {
    return join(this.stateDir, 'pods', namespace, `${pod}.json`);
  }

  get podStateDir(): string {
    return join(this.stateDir, 'pods');
  }
}
