import { basename } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import type { NamespacedName } from '@tandem/contracts';
import { applyApplication, collectApplication, sanitiseForDestination, transformApplication, type Platform, type VolumeBinding } from '@tandem/platform';
import { failedRun, type RunResult, type VolumeStatus } from '../runs/migration-run';
import { resourceStatuses } from '../resources/resource-statuses';

export interface PrepareVolumesRequest {
  requestId: string;
  namespaces: string[];
  claims: NamespacedName[];
}

export interface PrepareVolumesOptions {
  /** How long to wait for every claim to be bound on the destination. */
  bindTimeoutMs: number;
  /** Called at every look at the destination while waiting (the message's ack deadline moves). */
  working: () => void;
  pollMs?: number;
}

const describeClaim = (claim: NamespacedName): string => `claim ${claim.namespace}/${claim.name}`;

/**
 * Applies the claims (with their Namespaces, StorageClasses and statically provisioned volumes, sanitised) on the
 * destination, with the workloads' rules for an inactive application, and waits until each is bound to a volume
 * the destination's agents can reach. The volume is named by its directory (the basename of its path).
 */
export async function prepareDestinationVolumes(source: Platform, destination: Platform, request: PrepareVolumesRequest, options: PrepareVolumesOptions): Promise<RunResult> {
  const outside = request.claims.find((claim) => !request.namespaces.includes(claim.namespace));
  if (outside !== undefined) {
    return failedRun(`${describeClaim(outside)} is not in the application's namespaces (${request.namespaces.join(', ')}); list only the application's claims`, false);
  }
  if (request.claims.length === 0) return { answer: { ok: true, output: { volumes: [] } }, resources: [], volumes: [] };
  await destination.discover();

  const namespaces = [...new Set(request.claims.map((claim) => claim.namespace))].sort();
  const collected = await collectApplication(source, {
    namespaces,
    includeResources: request.claims.map((claim) => ({ group: '', kind: 'PersistentVolumeClaim', namespace: claim.namespace, name: claim.name })),
  });
  const found = new Set(collected.objects.filter((object) => object.kind === 'PersistentVolumeClaim').map((object) => `${object.metadata.namespace ?? ''}/${object.metadata.name}`));
  const missing = request.claims.find((claim) => !found.has(`${claim.namespace}/${claim.name}`));
  if (missing !== undefined) return failedRun(`${describeClaim(missing)} does not exist on site ${source.site}; take it out of the command or create it there`, false);

  const sanitised = sanitiseForDestination(collected.objects, {});
  const transformed = transformApplication(sanitised.objects, {});
  const report = await applyApplication(destination, transformed.objects, {
    migration: request.requestId,
    sourceSite: source.site,
    startApplications: false,
    namespaces,
  });
  const resources = resourceStatuses(report);
  const refused = resources.find((resource) => resource.kind === 'PersistentVolumeClaim' && resource.status === 'Failed');
  if (refused !== undefined) {
    const outcome = report.resources.find((entry) => entry.ref.kind === 'PersistentVolumeClaim' && entry.outcome === 'failed');
    const retryable = outcome?.reason === 'Unavailable' || outcome?.reason === 'Timeout';
    return { ...failedRun(`claim ${refused.namespace ?? ''}/${refused.name} could not be applied on site ${destination.site}: ${refused.reason ?? 'refused'}`, retryable), resources };
  }

  const bindings = await waitForBindings(destination, request.claims, options);
  const volumes: VolumeStatus[] = request.claims.map((claim) => volumeStatus(claim, bindings.get(`${claim.namespace}/${claim.name}`)));
  const unbound = volumes.find((volume) => volume.status === 'Unbound');
  if (unbound !== undefined) {
    return {
      ...failedRun(
        `${describeClaim(unbound.claim)} was not bound on site ${destination.site} within ${options.bindTimeoutMs} ms: ${unbound.reason ?? 'no volume'}; ` +
          "check that its StorageClass exists there and can provision, or map it to one of the destination's, then try again",
        true,
      ),
      resources,
      volumes,
    };
  }
  return {
    answer: { ok: true, output: { volumes: volumes.map((volume) => ({ claim: volume.claim, volume: volume.volume, ...(volume.node === undefined ? {} : { node: volume.node }) })) } },
    resources,
    volumes,
  };
}

const isReachable = (binding: VolumeBinding | undefined): boolean => binding?.volumeName !== undefined && binding.path !== undefined && binding.unavailableReason === undefined;

/** The bindings of the claims, once every one is reachable or the time is up (then as they were last seen). */
async function waitForBindings(destination: Platform, claims: readonly NamespacedName[], options: PrepareVolumesOptions): Promise<Map<string, VolumeBinding>> {
  const deadline = Date.now() + options.bindTimeoutMs;
  const byNamespace = new Map<string, string[]>();
  for (const claim of claims) byNamespace.set(claim.namespace, [...(byNamespace.get(claim.namespace) ?? []), claim.name]);
  for (;;) {
    options.working();
    const bindings = new Map<string, VolumeBinding>();
    for (const [namespace, names] of byNamespace) {
      for (const binding of await destination.volumesFor(namespace, names)) bindings.set(`${namespace}/${binding.claim.name}`, binding);
    }
    if ([...bindings.values()].length === claims.length && [...bindings.values()].every(isReachable)) return bindings;
    if (Date.now() >= deadline) return bindings;
    await sleep(options.pollMs ?? 500);
  }
}

function volumeStatus(claim: NamespacedName, binding: VolumeBinding | undefined): VolumeStatus {
  if (binding === undefined || !isReachable(binding)) {
    return { claim, status: 'Unbound', ...(binding?.volumeName === undefined ? {} : { volumeName: binding.volumeName }), reason: binding?.unavailableReason ?? 'the destination reported nothing about it' };
  }
  return { claim, status: 'Bound', volumeName: binding.volumeName, volume: basename(binding.path as string), ...(binding.node === undefined ? {} : { node: binding.node }) };
}
