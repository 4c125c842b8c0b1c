import { DocumentReader, fieldPath, Fields } from '../validation/document-reader';
import {
  DNS1123_LABEL_MAX,
  DNS1123_SUBDOMAIN_MAX,
  dns1123LabelProblem,
  dns1123SubdomainProblem,
  labelKeyProblem,
  labelValueProblem,
  nameLike,
} from '../validation/kubernetes-names';
import { valueOrThrow } from '../validation/scheduling-validation.error';
import { Validation } from '../validation/validation-issue';
import { MIGRATION_SCHEDULE_DEFAULTS, MigrationSchedule } from './migration-schedule.model';

const FIELDS = [
  'name',
  'namespace',
  'clusterPair',
  'namespaces',
  'selectors',
  'excludeSelectors',
  'includeResources',
  'includeVolumes',
  'startApplications',
  'purgeDeletedResources',
  'preExecRule',
  'postExecRule',
  'schedulePolicyName',
  'suspend',
  'autoSuspend',
];

const SELECTOR_FIX =
  'write labels as key: value, e.g. app: postgres (a key may have a prefix: app.kubernetes.io/name).';
const renameObject = (value: string) =>
  `rename it, e.g. "${nameLike(value, { dots: true, max: DNS1123_SUBDOMAIN_MAX })}".`;
const renameNamespace = (value: string) =>
  `use a namespace name, e.g. "${nameLike(value, { dots: false, max: DNS1123_LABEL_MAX })}".`;

/**
 * Checks a MigrationSchedule from an untrusted source and returns it typed with Stork's defaults filled in, or every
 * problem found, each with its field path, what is wrong and what to do. It does not check that the cluster pair,
 * the policy or the rules exist; the service that stores the schedule does.
 */
export function validateMigrationSchedule(input: unknown): Validation<MigrationSchedule> {
  const r = new DocumentReader();
  const doc = r.object(
    input,
    '',
    'give a MigrationSchedule as an object with name, namespace, clusterPair, namespaces and schedulePolicyName.',
  );
  if (!doc) return { ok: false, issues: r.issues };
  r.onlyKnownFields(doc, '', FIELDS);

  const name = objectName(r, doc, 'name', true, 'name the schedule, e.g. "migrationschedule".');
  const namespace = r.string(doc, 'namespace', '', {
    required: true,
    fix: 'give the namespace the schedule lives in, e.g. "appns".',
  });
  if (namespace !== undefined) r.check('namespace', namespace, dns1123LabelProblem, renameNamespace(namespace));
  const clusterPair = objectName(r, doc, 'clusterPair', true, 'name the ClusterPair to migrate to, e.g. "dr-site".');
  const namespaces = r.stringList(doc, 'namespaces', '', {
    required: true,
    fix: "list the application's namespaces as strings, e.g. namespaces: [appns].",
    check: dns1123LabelProblem,
    fixFor: renameNamespace,
  });
  if (Array.isArray(doc.namespaces) && doc.namespaces.length === 0) {
    const fix = "list the application's namespaces, e.g. [appns].";
    r.report('namespaces', 'is empty, so nothing would be migrated.', fix);
  }
  const selectorRules = { fix: SELECTOR_FIX, checkKey: labelKeyProblem, checkValue: labelValueProblem };
  const selectors = r.stringMap(doc, 'selectors', '', selectorRules);
  const excludeSelectors = r.stringMap(doc, 'excludeSelectors', '', selectorRules);
  for (const [key, value] of Object.entries(selectors ?? {})) {
    if (excludeSelectors?.[key] !== value) continue;
    r.report(
      fieldPath('excludeSelectors', key),
      `excludes ${key}=${value}, which selectors requires, so nothing would be migrated.`,
      'remove the label from one of the two.',
    );
  }
  const schedulePolicyName = objectName(
    r,
    doc,
    'schedulePolicyName',
    true,
    'name the SchedulePolicy that says when to migrate, e.g. "sched-policy".',
  );
  const preExecRule = objectName(r, doc, 'preExecRule', false, 'name the Rule to run before the snapshot.');
  const postExecRule = objectName(r, doc, 'postExecRule', false, 'name the Rule to run after the snapshot.');

  const d = MIGRATION_SCHEDULE_DEFAULTS;
  const includeResources = r.boolean(doc, 'includeResources', '', d.includeResources);
  const includeVolumes = r.boolean(doc, 'includeVolumes', '', d.includeVolumes);
  if (!includeResources && !includeVolumes) {
    r.report(
      'includeVolumes',
      'is false and so is includeResources, so a migration would move nothing.',
      'set includeResources or includeVolumes (or both) to true.',
    );
  }
  const schedule: MigrationSchedule = {
    name: name ?? '',
    namespace: namespace ?? '',
    clusterPair: clusterPair ?? '',
    namespaces: namespaces ?? [],
    includeResources,
    includeVolumes,
    startApplications: r.boolean(doc, 'startApplications', '', d.startApplications),
    purgeDeletedResources: r.boolean(doc, 'purgeDeletedResources', '', d.purgeDeletedResources),
    schedulePolicyName: schedulePolicyName ?? '',
    suspend: r.boolean(doc, 'suspend', '', d.suspend),
    autoSuspend: r.boolean(doc, 'autoSuspend', '', d.autoSuspend),
  };
  if (selectors !== undefined) schedule.selectors = selectors;
  if (excludeSelectors !== undefined) schedule.excludeSelectors = excludeSelectors;
  if (preExecRule !== undefined) schedule.preExecRule = preExecRule;
  if (postExecRule !== undefined) schedule.postExecRule = postExecRule;
  return r.issues.length > 0 ? { ok: false, issues: r.issues } : { ok: true, value: schedule };
}

/** Like validateMigrationSchedule, but throws a SchedulingValidationError (an InvalidInputError) with the problems. */
export function parseMigrationSchedule(input: unknown): MigrationSchedule {
  return valueOrThrow('MigrationSchedule', input, validateMigrationSchedule(input));
}

/** A field naming another object (ClusterPair, SchedulePolicy, Rule): a DNS-1123 subdomain. */
function objectName(r: DocumentReader, doc: Fields, key: string, required: boolean, fix: string): string | undefined {
  const value = r.string(doc, key, '', { required, fix });
  if (value !== undefined) r.check(key, value, dns1123SubdomainProblem, renameObject(value));
  return value;
}
