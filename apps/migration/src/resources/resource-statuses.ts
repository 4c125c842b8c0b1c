import type { ApplyReport, ResourceOutcome } from '@tandem/platform';
import type { ResourceStatus, ResourceStatusKind } from '../runs/migration-run';

const STATUS: Record<ResourceOutcome['outcome'], ResourceStatusKind> = {
  created: 'Applied',
  updated: 'Applied',
  unchanged: 'Unchanged',
  failed: 'Failed',
  purged: 'Purged',
};

/** The status of each object apply reported, as the answers and the API say it. */
export function resourceStatuses(report: ApplyReport): ResourceStatus[] {
  return report.resources.map(({ ref, outcome, reason, message }) => ({
    apiVersion: ref.apiVersion,
    kind: ref.kind,
    ...(ref.namespace === undefined ? {} : { namespace: ref.namespace }),
    name: ref.name,
    status: STATUS[outcome],
    ...(outcome === 'failed' ? { reason: `${reason ?? 'Failed'}: ${message ?? 'the site refused the write'}` } : {}),
  }));
}

export function countStatuses(resources: readonly ResourceStatus[]): { total: number; applied: number; unchanged: number; failed: number; purged: number } {
  const count = (status: ResourceStatusKind) => resources.filter((resource) => resource.status === status).length;
  const purged = count('Purged');
  return { total: resources.length - purged, applied: count('Applied'), unchanged: count('Unchanged'), failed: count('Failed'), purged };
}
