import { storkMigration } from '../fixtures/builders';
import { problemsOf, valueOf } from '../fixtures/problem-fields';
import { STORK_README_MIGRATION } from '../fixtures/stork-examples.fixtures';
import { TANDEM_MIGRATION_WITH_STATUS } from '../fixtures/tandem-examples.fixtures';
import { Migration } from '../model/migration.model';
import { parseResourceDocuments } from '../parse/parse-resource-documents';
import { validateMigration } from './validators';

describe('validateMigration', () => {
  it('reads the Stork README\'s mysqlmigration, comments and all, with Stork\'s defaults', () => {
    const { resources, problems } = parseResourceDocuments(STORK_README_MIGRATION, { defaultNamespace: 'mysql' });
    expect(problems).toEqual([]);
    expect(resources).toEqual<Migration[]>([
      {
        kind: 'Migration',
        apiVersion: 'stork.libopenstorage.org/v1alpha1',
        metadata: { name: 'mysqlmigration', namespace: 'mysql', labels: {}, annotations: {} },
        spec: {
          clusterPair: 'remotecluster',
          namespaces: ['mysql'],
          selectors: {},
          excludeSelectors: {},
          includeResources: true,
          includeVolumes: true,
          startApplications: true,
          purgeDeletedResources: false,
          includeOptionalResourceTypes: [],
        },
      },
    ]);
  });

  it('reads the status a migration reports: stage, status, each resource and volume, the summary', () => {
    const migration = parseResourceDocuments(TANDEM_MIGRATION_WITH_STATUS).resources[0] as Migration;
    expect(migration.status).toEqual({
      stage: 'Final',
      status: 'PartialSuccess',
      reason: '1 of 3 resources failed',
      startTimestamp: '2026-01-01T12:00:00Z',
      finishTimestamp: '2026-01-01T12:00:04Z',
      resources: [
        { group: 'apps', version: 'v1', kind: 'StatefulSet', name: 'pg', namespace: 'appns', status: 'Successful', reason: '' },
        { group: '', version: 'v1', kind: 'Service', name: 'pg', namespace: 'appns', status: 'Failed', reason: 'port 5432 is taken on the destination' },
      ],
      volumes: [
        { persistentVolumeClaim: 'data-pg-0', namespace: 'appns', volume: 'pvc-1234', status: 'Successful', bytesTotal: 1073741824, bytesDone: 1073741824, reason: '' },
      ],
      summary: {
        totalNumberOfVolumes: 1,
        numOfMigratedVolumes: 1,
        totalNumberOfResources: 3,
        numOfMigratedResources: 2,
        totalBytesMigrated: 10737418,
        elapsedTimeForVolumeMigration: '3.1s',
      },
    });
  });

  it('reads Stork\'s empty stage and status as Initial and Pending', () => {
    const migration = valueOf(validateMigration(storkMigration({}, { status: { stage: '', status: '' } })));
    expect(migration.status).toEqual({ stage: 'Initial', status: 'Pending', resources: [], volumes: [] });
  });

  it('reports status values it does not know, naming the ones it does', () => {
    const document = storkMigration({}, {
      status: { stage: 'PostExecRule', status: 'In-Progress', finishTimestamp: 'yesterday', volumes: [{ persistentVolumeClaim: 'data', namespace: 'appns', status: 'Done', bytesTotal: -1 }] },
    });
    expect(problemsOf(validateMigration(document))).toEqual([
      { path: 'status.stage', message: 'unknown stage "PostExecRule"', fix: 'write one of Initial, PreExecRule, Volumes, Applications, Final' },
      { path: 'status.status', message: 'unknown status "In-Progress"', fix: 'write one of Pending, InProgress, Successful, PartialSuccess, Failed' },
      { path: 'status.volumes[0].status', message: 'unknown status "Done"', fix: 'write one of Pending, InProgress, Successful, PartialSuccess, Failed' },
      { path: 'status.volumes[0].bytesTotal', message: '-1 is less than 0', fix: 'write bytesTotal: 0 or more' },
      { path: 'status.finishTimestamp', message: '"yesterday" is not an RFC 3339 time', fix: 'write it like finishTimestamp: "2026-01-01T00:00:00Z"' },
    ]);
  });

  it('reports the spec\'s problems like a schedule\'s template', () => {
    expect(problemsOf(validateMigration(storkMigration({ clusterPair: 7, includeVolumes: 'true' })))).toEqual([
      { path: 'spec.clusterPair', message: 'expected a string, got 7', fix: 'quote it: clusterPair: "7"' },
      { path: 'spec.includeVolumes', message: 'expected true or false, got "true"', fix: 'write includeVolumes: true or includeVolumes: false, without quotes' },
    ]);
  });
});
