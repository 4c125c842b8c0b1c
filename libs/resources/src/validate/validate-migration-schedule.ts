import { MIGRATION_SCHEDULE_DEFAULTS, MigrationSchedule } from '../model/migration-schedule.model';
import { ObjectReader } from '../problems/object-reader';
import { objectName } from './names';
import { Header } from './validate-metadata';
import { readMigrationSpec } from './validate-migration-spec';

export function readMigrationSchedule(root: ObjectReader, header: Header | undefined): MigrationSchedule | undefined {
  root.ignore('status');
  const spec = root.child('spec', 'a MigrationSchedule spec', { required: true, example: '{template: {spec: {...}}, schedulePolicyName: <policy>}' });
  if (!spec) return undefined;
  const before = root.findings.problems.length;
  const templateReader = spec.child('template', 'a migration template', { required: true, example: '{spec: {clusterPair: <pair>, namespaces: [<namespace>]}}' });
  const templateSpecReader = templateReader?.child('spec', 'a migration spec', { required: true, example: '{clusterPair: <pair>, namespaces: [<namespace>]}' });
  templateReader?.finish();
  const template = templateSpecReader ? readMigrationSpec(templateSpecReader) : undefined;
  const schedulePolicyName = spec.string('schedulePolicyName', { required: true, ...objectName('sched-policy') });
  const suspend = spec.boolean('suspend');
  const autoSuspend = spec.boolean('autoSuspend');
  spec.finish();
  if (root.findings.problems.length > before || !header || !template || schedulePolicyName === undefined) return undefined;
  return {
    kind: 'MigrationSchedule',
    ...header,
    template,
    schedulePolicyName,
    suspend: suspend ?? MIGRATION_SCHEDULE_DEFAULTS.suspend,
    autoSuspend: autoSuspend ?? MIGRATION_SCHEDULE_DEFAULTS.autoSuspend,
  };
}
