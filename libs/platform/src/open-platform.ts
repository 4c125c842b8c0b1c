import { InvalidInputError } from '@tandem/contracts';
import { KubernetesPlatform } from './kubernetes/kubernetes.platform';
import { loadKubeConfig } from './kubernetes/kube-config.loader';
import { LabPlatform } from './lab/client/lab.platform';
import type { KubeObject } from './model/kube-object';
import type { Platform } from './platform.port';

/**
 * Where a service finds the site it runs on, as `TANDEM_PLATFORM` says it:
 * - `lab:<site directory>`: a lab site served by `lab-site serve`;
 * - `kubernetes`: the cluster of the pod's service account (in-cluster);
 * - `kubernetes:<kubeconfig path>` (optionally `#<context>`): the cluster of a kubeconfig file.
 */
export async function openPlatform(spec: string): Promise<Platform> {
  if (spec.startsWith('lab:')) {
    const dir = spec.slice('lab:'.length);
    if (!dir.startsWith('/')) throw new InvalidInputError(`TANDEM_PLATFORM="${spec}": a lab site is named by its absolute directory, e.g. lab:/var/lib/tandem/sites/primary`);
    return LabPlatform.open(dir);
  }
  if (spec === 'kubernetes') return new KubernetesPlatform('in-cluster', loadKubeConfig({ kind: 'in-cluster' }));
  if (spec.startsWith('kubernetes:')) {
    const [path, context] = spec.slice('kubernetes:'.length).split('#');
    return new KubernetesPlatform(context ?? 'kubeconfig', loadKubeConfig({ kind: 'file', path: path!, ...(context ? { context } : {}) }));
  }
  throw new InvalidInputError(`TANDEM_PLATFORM="${spec}": expected lab:<site directory>, kubernetes, or kubernetes:<kubeconfig path>[#context]`);
}

/** Keys of a platform access Secret: a kubeconfig, or a lab site's URL and token. */
export const PLATFORM_ACCESS_KEYS = { kubeconfig: 'kubeconfig', labUrl: 'lab-url', labToken: 'lab-token' } as const;

/**
 * Opens the platform a Secret gives access to (a ClusterPair's `kubeconfigSecretRef`): its `kubeconfig` key, or
 * (a lab site) its `lab-url` and `lab-token` keys. `key` narrows to one key holding a kubeconfig.
 */
export async function platformFromSecret(secret: KubeObject, key?: string): Promise<Platform> {
  const where = `Secret ${secret.metadata.namespace ?? ''}/${secret.metadata.name}`;
  const data = secretData(secret);
  if (key !== undefined) {
    const yaml = data[key];
    if (yaml === undefined) throw new InvalidInputError(`${where} has no key ${key}: it holds ${Object.keys(data).join(', ') || 'nothing'}; fix the reference or the Secret`);
    return new KubernetesPlatform(secret.metadata.name, loadKubeConfig({ kind: 'inline', yaml }));
  }
  const kubeconfig = data[PLATFORM_ACCESS_KEYS.kubeconfig];
  if (kubeconfig !== undefined) return new KubernetesPlatform(secret.metadata.name, loadKubeConfig({ kind: 'inline', yaml: kubeconfig }));
  const url = data[PLATFORM_ACCESS_KEYS.labUrl];
  const token = data[PLATFORM_ACCESS_KEYS.labToken];
  if (url !== undefined && token !== undefined) return LabPlatform.connect(url, token.trim());
  throw new InvalidInputError(
    `${where} gives no platform access: it needs a \`kubeconfig\` key, or \`lab-url\` and \`lab-token\` for a lab site (it holds ${Object.keys(data).join(', ') || 'nothing'})`,
  );
}

/** A Secret's values, decoded: `data` (base64) and `stringData`. */
export function secretData(secret: KubeObject): Record<string, string> {
  const out: Record<string, string> = {};
  const data = secret['data'];
  if (data && typeof data === 'object') {
    for (const [k, v] of Object.entries(data as Record<string, unknown>)) if (typeof v === 'string') out[k] = Buffer.from(v, 'base64').toString('utf8');
  }
  const stringData = secret['stringData'];
  if (stringData && typeof stringData === 'object') {
    for (const [k, v] of Object.entries(stringData as Record<string, unknown>)) if (typeof v === 'string') out[k] = v;
  }
  return out;
}
