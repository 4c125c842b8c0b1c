import type { MigrationSchedule as MigrationScheduleResource, ResourceProblem, SchedulePolicy as SchedulePolicyResource } from '@tandem/resources';
import {
  MigrationSchedule,
  SchedulePolicy,
  validateMigrationSchedule,
  validateSchedulePolicy,
  ValidationIssue,
} from '@tandem/scheduling';

/** A SchedulePolicy read and judged: the resource as written (for output) and the policy that fires. */
export interface CheckedPolicy {
  resource: SchedulePolicyResource;
  policy: SchedulePolicy;
}

/** A MigrationSchedule read and judged: the resource as written (for output) and the schedule that fires. */
export interface CheckedSchedule {
  resource: MigrationScheduleResource;
  schedule: MigrationSchedule;
}

export type Checked<T> = { ok: true; value: T } | { ok: false; problems: ResourceProblem[] };

/**
 * The scheduling lib's judgement of a SchedulePolicy the resources lib read (whose shape is right): ranges, time
 * formats, day names, time zone, intervalMinutes against intervalSeconds. Problems name the document's own fields.
 */
export function checkPolicy(resource: SchedulePolicyResource): Checked<CheckedPolicy> {
  const { metadata, policy } = resource;
  const result = validateSchedulePolicy({ name: metadata.name, ...(metadata.namespace ? { namespace: metadata.namespace } : {}), ...policy });
  if (result.ok) return { ok: true, value: { resource, policy: result.value } };
  return { ok: false, problems: result.issues.map((i) => toProblem(i, resource, policyPath(i.path))) };
}

/** The same for a MigrationSchedule: names, selectors, a schedule that would move nothing. */
export function checkSchedule(resource: MigrationScheduleResource): Checked<CheckedSchedule> {
  const { metadata, template } = resource;
  const result = validateMigrationSchedule({
    name: metadata.name,
    namespace: metadata.namespace,
    clusterPair: template.clusterPair,
    namespaces: template.namespaces,
    selectors: template.selectors,
    excludeSelectors: template.excludeSelectors,
    includeResources: template.includeResources,
    includeVolumes: template.includeVolumes,
    startApplications: template.startApplications,
    purgeDeletedResources: template.purgeDeletedResources,
    ...(template.preExecRule ? { preExecRule: template.preExecRule } : {}),
    ...(template.postExecRule ? { postExecRule: template.postExecRule } : {}),
    schedulePolicyName: resource.schedulePolicyName,
    suspend: resource.suspend,
    autoSuspend: resource.autoSuspend,
  });
  if (result.ok) return { ok: true, value: { resource, schedule: result.value } };
  return { ok: false, problems: result.issues.map((i) => toProblem(i, resource, schedulePath(i.path))) };
}

function toProblem(issue: ValidationIssue, resource: SchedulePolicyResource | MigrationScheduleResource, path: string): ResourceProblem {
  return {
    kind: resource.kind,
    name: resource.metadata.name,
    path,
    message: issue.problem.replace(/\.$/, ''),
    fix: issue.fix,
  };
}

const METADATA = new Set(['name', 'namespace']);

/** A flat SchedulePolicy path (`daily.time`) as the document's (`policy.daily.time`). */
export function policyPath(path: string): string {
  if (METADATA.has(path)) return `metadata.${path}`;
  return path ? `policy.${path}` : 'policy';
}

const SCHEDULE_SPEC = new Set(['schedulePolicyName', 'suspend', 'autoSuspend']);
const LABEL_MAPS = ['selectors', 'excludeSelectors'];

/** A flat MigrationSchedule path (`includeVolumes`, `selectors.app`) as the document's (`spec.template.spec.…`). */
export function schedulePath(path: string): string {
  if (METADATA.has(path)) return `metadata.${path}`;
  if (!path) return 'spec';
  if (SCHEDULE_SPEC.has(path)) return `spec.${path}`;
  const map = LABEL_MAPS.find((m) => path.startsWith(`${m}.`));
  // A label key may hold dots (app.kubernetes.io/name): written as the resources lib writes it.
  if (map) return `spec.template.spec.${map}[${JSON.stringify(path.slice(map.length + 1))}]`;
  return `spec.template.spec.${path}`;
}
