import { Migration } from '../model/migration.model';
import { ObjectReader } from '../problems/object-reader';
import { Header } from './validate-metadata';
import { readMigrationSpec } from './validate-migration-spec';
import { readMigrationStatus } from './validate-migration-status';

export function readMigration(root: ObjectReader, header: Header | undefined): Migration | undefined {
  const before = root.findings.problems.length;
  const specReader = root.child('spec', 'a migration spec', { required: true, example: '{clusterPair: <pair>, namespaces: [<namespace>]}' });
  const spec = specReader ? readMigrationSpec(specReader) : undefined;
  const statusReader = root.child('status', 'a migration status');
  const status = statusReader ? readMigrationStatus(statusReader) : undefined;
  if (root.findings.problems.length > before || !header || !spec) return undefined;
  return { kind: 'Migration', ...header, spec, ...(status ? { status } : {}) };
}
