import { ClusterPair } from '../model/cluster-pair.model';
import { DrResource } from '../model/dr-resource.model';
import { Migration } from '../model/migration.model';
import { MigrationSchedule } from '../model/migration-schedule.model';
import { DrKind } from '../model/resource-meta.model';
import { Rule } from '../model/rule.model';
import { SchedulePolicy } from '../model/schedule-policy.model';
import { claimedIdentity, placeProblem } from '../problems/place-problem';
import { ValidationResult } from '../problems/resource-problem';
import { checkDocument } from './validate-document';
import { ReadOptions } from './validate-metadata';

function validate<T extends DrResource>(kind: T['kind'], object: unknown, options?: ReadOptions): ValidationResult<T> {
  const { resource, findings } = checkDocument(kind as DrKind, object, options);
  const place = claimedIdentity(object);
  const warnings = findings.warnings.map((w) => placeProblem(w, place));
  if (resource) return { ok: true, value: resource as T, warnings };
  return { ok: false, problems: findings.problems.map((p) => placeProblem(p, place)), warnings };
}

/** A ClusterPair object (already parsed from YAML or JSON), in either form, or every problem with it. */
export const validateClusterPair = (object: unknown, options?: ReadOptions): ValidationResult<ClusterPair> =>
  validate<ClusterPair>('ClusterPair', object, options);

export const validateSchedulePolicy = (object: unknown, options?: ReadOptions): ValidationResult<SchedulePolicy> =>
  validate<SchedulePolicy>('SchedulePolicy', object, options);

export const validateMigrationSchedule = (object: unknown, options?: ReadOptions): ValidationResult<MigrationSchedule> =>
  validate<MigrationSchedule>('MigrationSchedule', object, options);

export const validateMigration = (object: unknown, options?: ReadOptions): ValidationResult<Migration> =>
  validate<Migration>('Migration', object, options);

export const validateRule = (object: unknown, options?: ReadOptions): ValidationResult<Rule> => validate<Rule>('Rule', object, options);
