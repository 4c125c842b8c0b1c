import { activateApplications, deactivateApplications, type LabelSelector, type Platform, type ResourceOutcome } from '@tandem/platform';

export type ActivationAction = 'activate' | 'deactivate';

export interface WorkloadSwitched {
  apiVersion: string;
  kind: string;
  name: string;
  /** `updated` (switched), `unchanged` (already so, or nothing recorded) or `failed` with the reason. */
  outcome: ResourceOutcome['outcome'];
  /** Deployments and StatefulSets switched: their replicas now (the recorded count, or 0). */
  replicas?: number;
  reason?: string;
  message?: string;
}

export interface NamespaceActivation {
  namespace: string;
  workloads: WorkloadSwitched[];
}

/**
 * Activates (or deactivates) the applications of each namespace on this site, one namespace after the other. A site
 * whose domain is fenced refuses the activation before anything is changed (`PlatformError` `Forbidden`, thrown).
 */
export async function switchNamespaces(site: Platform, request: { action: ActivationAction; namespaces: string[]; selector?: LabelSelector }): Promise<NamespaceActivation[]> {
  const change = request.action === 'activate' ? activateApplications : deactivateApplications;
  const results: NamespaceActivation[] = [];
  for (const namespace of request.namespaces) {
    const report = await change(site, namespace, request.selector === undefined ? {} : { selector: request.selector });
    const workloads: WorkloadSwitched[] = [];
    for (const r of report.resources) {
      const scalable = r.ref.kind === 'Deployment' || r.ref.kind === 'StatefulSet';
      const now = r.outcome === 'updated' && scalable ? await site.get(r.ref) : undefined;
      const replicas = (now?.['spec'] as { replicas?: unknown } | undefined)?.replicas;
      workloads.push({
        apiVersion: r.ref.apiVersion,
        kind: r.ref.kind,
        name: r.ref.name,
        outcome: r.outcome,
        ...(typeof replicas === 'number' ? { replicas } : {}),
        ...(r.reason ? { reason: r.reason } : {}),
        ...(r.message ? { message: r.message } : {}),
      });
    }
    results.push({ namespace, workloads });
  }
  return results;
}
