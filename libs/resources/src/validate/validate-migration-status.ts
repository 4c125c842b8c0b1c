import { isoTime } from '@tandem/contracts';
import {
  MIGRATION_STAGES,
  MIGRATION_STATUSES,
  MigrationResourceStatus,
  MigrationStatus,
  MigrationStatusValue,
  MigrationSummary,
  MigrationVolumeStatus,
} from '../model/migration.model';
import { ObjectReader } from '../problems/object-reader';

/**
 * A Migration's status, as `get -o yaml` writes it (so that output reads back). Stork's empty stage and status
 * ("", a migration nothing has happened to yet) read as Initial and Pending.
 */
export function readMigrationStatus(r: ObjectReader): MigrationStatus | undefined {
  const before = r.findings.problems.length;
  const stage = readEnum(r, 'stage', MIGRATION_STAGES, 'Initial');
  const status = readEnum(r, 'status', MIGRATION_STATUSES, 'Pending');
  const reason = r.string('reason', { allowEmpty: true });
  const resources = readItems(r, 'resources', readResource);
  const volumes = readItems(r, 'volumes', readVolume);
  const times = Object.fromEntries(
    ['startTimestamp', 'finishTimestamp', 'volumeMigrationFinishTimestamp', 'resourceMigrationFinishTimestamp']
      .map((key) => [key, readTime(r, key)] as const)
      .filter(([, v]) => v !== undefined),
  );
  const summaryReader = r.child('summary', 'a migration summary');
  const summary = summaryReader ? readSummary(summaryReader) : undefined;
  r.finish();
  if (r.findings.problems.length > before || !stage || !status || !resources || !volumes) return undefined;
  return {
    stage,
    status,
    ...(reason ? { reason } : {}),
    resources,
    volumes,
    ...times,
    ...(summary ? { summary } : {}),
  };
}

function readEnum<V extends string>(r: ObjectReader, key: string, values: readonly V[], empty: V): V | undefined {
  const value = r.string(key, { required: true, allowEmpty: true, example: values[0] });
  if (value === undefined) return undefined;
  if (value === '') return empty;
  if ((values as readonly string[]).includes(value)) return value as V;
  r.findings.problem(r.path(key), `unknown ${key} "${value}"`, `write one of ${values.join(', ')}`);
  return undefined;
}

function readTime(r: ObjectReader, key: string): string | undefined {
  const value = r.string(key, { example: '"2026-01-01T00:00:00Z"' });
  if (value === undefined) return undefined;
  if (isoTime().parse(value).ok) return value;
  r.findings.problem(r.path(key), `"${value}" is not an RFC 3339 time`, `write it like ${key}: "2026-01-01T00:00:00Z"`);
  return undefined;
}

function readItems<T>(r: ObjectReader, key: string, read: (item: ObjectReader) => T | undefined): T[] | undefined {
  const items = r.list(key, { item: key === 'resources' ? 'resource status' : 'volume status' }) ?? [];
  const out = items.map((item, i) => {
    const reader = ObjectReader.of(r.findings, item, [...r.path(key), i], `a ${key === 'resources' ? 'resource' : 'volume'} status`);
    return reader ? read(reader) : undefined;
  });
  return out.every((v): v is T => v !== undefined) ? out : undefined;
}

function readItemStatus(r: ObjectReader): MigrationStatusValue | undefined {
  return readEnum(r, 'status', MIGRATION_STATUSES, 'Pending');
}

function readResource(r: ObjectReader): MigrationResourceStatus | undefined {
  const before = r.findings.problems.length;
  const group = r.string('group', { allowEmpty: true }) ?? '';
  const version = r.string('version', { required: true, example: 'v1' });
  const kind = r.string('kind', { required: true, example: 'Deployment' });
  const name = r.string('name', { required: true, example: 'web' });
  const namespace = r.string('namespace', { allowEmpty: true }) ?? '';
  const status = readItemStatus(r);
  const reason = r.string('reason', { allowEmpty: true }) ?? '';
  r.ignore('transformedBy');
  r.finish();
  if (r.findings.problems.length > before || !version || !kind || !name || !status) return undefined;
  return { group, version, kind, name, namespace, status, reason };
}

function readVolume(r: ObjectReader): MigrationVolumeStatus | undefined {
  const before = r.findings.problems.length;
  const persistentVolumeClaim = r.string('persistentVolumeClaim', { required: true, example: 'data-pg-0' });
  const namespace = r.string('namespace', { required: true, example: 'appns' });
  const volume = r.string('volume', { allowEmpty: true }) ?? '';
  const status = readItemStatus(r);
  const bytesTotal = r.integer('bytesTotal', { min: 0 }) ?? 0;
  const bytesDone = r.integer('bytesDone', { min: 0 });
  const reason = r.string('reason', { allowEmpty: true }) ?? '';
  r.finish();
  if (r.findings.problems.length > before || !persistentVolumeClaim || !namespace || !status) return undefined;
  return { persistentVolumeClaim, namespace, volume, status, bytesTotal, ...(bytesDone === undefined ? {} : { bytesDone }), reason };
}

function readSummary(r: ObjectReader): MigrationSummary | undefined {
  const before = r.findings.problems.length;
  const count = (key: string) => r.integer(key, { min: 0 }) ?? 0;
  const summary: MigrationSummary = {
    totalNumberOfVolumes: count('totalNumberOfVolumes'),
    numOfMigratedVolumes: count('numOfMigratedVolumes'),
    totalNumberOfResources: count('totalNumberOfResources'),
    numOfMigratedResources: count('numOfMigratedResources'),
    totalBytesMigrated: count('totalBytesMigrated'),
  };
  const volumeElapsed = r.string('elapsedTimeForVolumeMigration', { allowEmpty: true });
  const resourceElapsed = r.string('elapsedTimeForResourceMigration', { allowEmpty: true });
  r.finish();
  if (r.findings.problems.length > before) return undefined;
  return {
    ...summary,
    ...(volumeElapsed ? { elapsedTimeForVolumeMigration: volumeElapsed } : {}),
    ...(resourceElapsed ? { elapsedTimeForResourceMigration: resourceElapsed } : {}),
  };
}
