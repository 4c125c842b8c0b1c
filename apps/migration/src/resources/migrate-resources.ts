import { migrateApplication, type LabelSelector, type Platform } from '@tandem/platform';
import type { RunResult } from '../runs/migration-run';
import { countStatuses, resourceStatuses } from './resource-statuses';

export interface MigrateResourcesRequest {
  migration: string;
  namespaces: string[];
  selectors: Record<string, string>;
  excludeSelectors: Record<string, string>;
  startApplications: boolean;
  purgeDeletedResources: boolean;
}

const selectorOf = (labels: Record<string, string>): LabelSelector | undefined => (Object.keys(labels).length === 0 ? undefined : { matchLabels: labels });

/**
 * Collects the application on this site and applies it on the destination. Objects the destination refuses are
 * reported Failed and the others go on (the answer is still a success); a destination that answers nothing at all
 * (every object Unavailable) is a retryable failure.
 */
export async function migrateResources(source: Platform, destination: Platform, request: MigrateResourcesRequest): Promise<RunResult> {
  await destination.discover();
  const selectors = selectorOf(request.selectors);
  const excludeSelectors = selectorOf(request.excludeSelectors);
  const result = await migrateApplication(source, destination, {
    selection: { namespaces: request.namespaces, ...(selectors ? { selectors } : {}), ...(excludeSelectors ? { excludeSelectors } : {}) },
    migration: request.migration,
    startApplications: request.startApplications,
    purgeDeletedResources: request.purgeDeletedResources,
  });
  const resources = resourceStatuses(result.report);
  const counts = countStatuses(resources);
  const unavailable = result.report.resources.find((entry) => entry.reason === 'Unavailable');
  if (unavailable !== undefined && counts.applied + counts.unchanged === 0) {
    return {
      answer: { ok: false, reason: `the destination site ${destination.site} did not answer: ${unavailable.message ?? 'unavailable'}; it is tried again`, retryable: true },
      resources,
      volumes: [],
    };
  }
  return { answer: { ok: true, output: { ...counts, resources } }, resources, volumes: [] };
}
