import type { KubeObject, ObjectRef } from './model/kube-object';
import { TANDEM_FIELD_MANAGER } from './model/annotations';
import { PlatformError } from './platform.errors';
import type { Platform } from './platform.port';

/**
 * The fence of a site: which cluster domain the site belongs to, whether that domain is active, and its epoch. The
 * failover service of the site writes it (ConfigMap `tandem-system/tandem-domain`) whenever its domain is activated
 * or deactivated. While it says `active: "false"`, no workload Tandem migrated to the site may be started:
 * `activateApplications` refuses on any platform, and the lab site refuses the scale-up itself (an admission check).
 */
export interface DomainFence {
  domain: string;
  active: boolean;
  epoch: number;
}

export const DOMAIN_FENCE_NAMESPACE = 'tandem-system';
export const DOMAIN_FENCE_NAME = 'tandem-domain';

export const DOMAIN_FENCE_REF: ObjectRef = { apiVersion: 'v1', kind: 'ConfigMap', namespace: DOMAIN_FENCE_NAMESPACE, name: DOMAIN_FENCE_NAME };

/**
 * The fence a ConfigMap's data describes, or `undefined` when there is none. A fence whose `active` is anything but
 * "true" counts as inactive: a damaged fence keeps the site fenced rather than letting it run.
 */
export function fenceFromConfigMap(configMap: KubeObject | undefined): DomainFence | undefined {
  if (configMap === undefined) return undefined;
  const data = (configMap['data'] ?? {}) as Record<string, unknown>;
  const epoch = Number(data['epoch']);
  return {
    domain: typeof data['domain'] === 'string' ? data['domain'] : '',
    active: data['active'] === 'true',
    epoch: Number.isSafeInteger(epoch) && epoch >= 0 ? epoch : 0,
  };
}

/** The site's fence, or `undefined` when none was written (a site no failover service manages is never fenced). */
export async function readDomainFence(platform: Platform): Promise<DomainFence | undefined> {
  return fenceFromConfigMap(await platform.get(DOMAIN_FENCE_REF));
}

/** Why a fenced site refuses to start a workload, and how to let it. */
export function fencedMessage(fence: DomainFence): string {
  const domain = fence.domain || 'of this site';
  return (
    `cluster domain ${domain} is deactivated (fence ConfigMap ${DOMAIN_FENCE_NAMESPACE}/${DOMAIN_FENCE_NAME}, epoch ${fence.epoch}): ` +
    `workloads Tandem migrated here may not be started; activate the domain first (\`tandemctl activate clusterdomain ${fence.domain || '<domain>'}\`)`
  );
}

/** Throws `PlatformError` `Forbidden` when the site's fence says its domain is inactive. */
export async function checkDomainFence(platform: Platform): Promise<void> {
  const fence = await readDomainFence(platform);
  if (fence !== undefined && !fence.active) throw new PlatformError('Forbidden', fencedMessage(fence));
}

/** Writes the site's fence (and its namespace when missing), as the failover service of the site does. */
export async function writeDomainFence(platform: Platform, fence: DomainFence, fieldManager = TANDEM_FIELD_MANAGER): Promise<void> {
  const namespace = { apiVersion: 'v1', kind: 'Namespace', metadata: { name: DOMAIN_FENCE_NAMESPACE } };
  if ((await platform.get({ apiVersion: 'v1', kind: 'Namespace', name: DOMAIN_FENCE_NAMESPACE })) === undefined) {
    await platform.apply(namespace, { fieldManager });
  }
  await platform.apply(
    {
      apiVersion: 'v1',
      kind: 'ConfigMap',
      metadata: { namespace: DOMAIN_FENCE_NAMESPACE, name: DOMAIN_FENCE_NAME },
      data: { domain: fence.domain, active: String(fence.active), epoch: String(fence.epoch) },
    },
    { fieldManager, force: true },
  );
}
