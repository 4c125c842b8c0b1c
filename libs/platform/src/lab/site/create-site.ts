import { randomBytes } from 'node:crypto';
import { chmod, mkdir, stat } from 'node:fs/promises';
import { basename, isAbsolute, relative, resolve } from 'node:path';
import { ObjectApi } from '../api/object-api';
import { LAB_PROVISIONER, LAB_STORAGE_CLASS } from '../controllers/volume.controller';
import { LAB_STRETCHED_PROVISIONER, LAB_STRETCHED_STORAGE_CLASS, stretchedVolumesDir } from '../volumes/stretched-volumes';
import { ResourceStore } from '../store/resource.store';
import { TypeRegistry } from '../types/type-registry';
import { writeFileAtomic } from '../util/atomic-file';
import { DEFAULT_RESTART_BACKOFF, type SiteConfig } from './site-config';
import { SiteLayout } from './site-layout';

export interface CreateLabSiteOptions {
  /** The site's name (a DNS label); default: the directory's name. */
  name?: string;
  /** Restart backoff of crashed containers; default Kubernetes' 10 s doubling up to 5 min. */
  restartBackoff?: { initialMs: number; maxMs: number };
  /** Extra labels of the lab node. */
  nodeLabels?: Record<string, string>;
  /**
   * An absolute directory shared by the sites of one metro group: the site gets the StorageClass `lab-stretched`,
   * whose volumes live under `<stretchedDir>/volumes/` and are the same directories on every site of the group.
   */
  stretchedDir?: string;
}

const SITE_NAME = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;

/**
 * Makes `dir` a lab site: its layout, a bearer token for its server (mode 0600), its configuration, and what
 * a new cluster has: the `default` namespace with its `default` ServiceAccount, and the default StorageClass
 * `lab-local` (provisioner lab.tandem.dev/local); with `stretchedDir`, also the StorageClass `lab-stretched`
 * (provisioner lab.tandem.dev/stretched, reclaim policy Retain). The site directory and `volumes/` are left traversable by
 * other users, so that pods running as another uid (e.g. postgres) can reach their volumes.
 */
export async function createLabSite(dir: string, options: CreateLabSiteOptions = {}): Promise<SiteConfig> {
  const root = resolve(dir);
  const layout = new SiteLayout(root);
  if (await exists(layout.configFile)) throw new Error(`${root} is already a lab site (it has a site.json): serve it, or choose another directory`);
  const name = options.name ?? basename(root).toLowerCase().replace(/[^a-z0-9-]+/g, '-').replace(/^-+|-+$/g, '');
  if (!SITE_NAME.test(name) || name.length > 63) throw new Error(`site name "${name}" is not a DNS label (lowercase letters, digits and '-'): pass a name`);
  const stretchedDir = options.stretchedDir === undefined ? undefined : resolve(options.stretchedDir);
  if (options.stretchedDir !== undefined && !isAbsolute(options.stretchedDir)) {
    throw new Error(`stretchedDir "${options.stretchedDir}" is not absolute: pass the absolute directory the sites of the metro group share`);
  }
  if (stretchedDir !== undefined && (stretchedDir === root || !relative(root, stretchedDir).startsWith('..'))) {
    throw new Error(`stretchedDir ${stretchedDir} is inside the site ${root}: the sites of a metro group share it, so put it outside every site`);
  }
  await mkdir(root, { recursive: true });
  await chmod(root, 0o711);
  for (const [path, mode] of [[layout.resourcesDir, 0o700], [layout.stateDir, 0o700], [layout.logsDir, 0o755], [layout.volumesDir, 0o711], [layout.podVolumesDir(''), 0o711]] as const) {
    await mkdir(path, { recursive: true, mode });
    await chmod(path, mode);
  }
  const node = `${name}-node`;
  const config: SiteConfig = {
    name,
    node,
    nodeLabels: { 'kubernetes.io/hostname': node, 'kubernetes.io/os': 'linux', 'kubernetes.io/arch': process.arch === 'x64' ? 'amd64' : process.arch, ...options.nodeLabels },
    restartBackoff: options.restartBackoff ?? { ...DEFAULT_RESTART_BACKOFF },
    ...(stretchedDir === undefined ? {} : { stretchedDir }),
    createdAt: new Date().toISOString(),
  };
  await writeFileAtomic(layout.tokenFile, `${randomBytes(32).toString('base64url')}\n`, 0o600);
  const api = new ObjectApi(await ResourceStore.load(layout), new TypeRegistry(), { changed: () => undefined });
  await api.create({ apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'default' } });
  await api.create({ apiVersion: 'v1', kind: 'ServiceAccount', metadata: { name: 'default', namespace: 'default' } });
  await api.create({
    apiVersion: 'storage.k8s.io/v1',
    kind: 'StorageClass',
    metadata: { name: LAB_STORAGE_CLASS, annotations: { 'storageclass.kubernetes.io/is-default-class': 'true' } },
    provisioner: LAB_PROVISIONER,
    reclaimPolicy: 'Delete',
    volumeBindingMode: 'Immediate',
  });
  if (stretchedDir !== undefined) {
    await mkdir(stretchedVolumesDir(stretchedDir), { recursive: true, mode: 0o711 });
    await api.create({
      apiVersion: 'storage.k8s.io/v1',
      kind: 'StorageClass',
      metadata: { name: LAB_STRETCHED_STORAGE_CLASS },
      provisioner: LAB_STRETCHED_PROVISIONER,
      reclaimPolicy: 'Retain',
      volumeBindingMode: 'Immediate',
    });
  }
  await writeFileAtomic(layout.configFile, `${JSON.stringify(config, null, 2)}\n`);
  return config;
}

async function exists(path: string): Promise<boolean> {
  try {
    await stat(path);
    return true;
  } catch {
    return false;
  }
}
