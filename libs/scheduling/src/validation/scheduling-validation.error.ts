import { InvalidInputError } from '@tandem/contracts';
import { formatIssues, ValidationIssue, Validation } from './validation-issue';

export type ScheduledKind = 'SchedulePolicy' | 'MigrationSchedule';

/**
 * A SchedulePolicy or MigrationSchedule that cannot be accepted. `issues` lists every problem (path, problem, fix)
 * so an API can return them as they are; the message lists them for a person.
 */
export class SchedulingValidationError extends InvalidInputError {
  readonly kind: ScheduledKind;
  readonly issues: readonly ValidationIssue[];

  constructor(kind: ScheduledKind, name: string | undefined, issues: readonly ValidationIssue[]) {
    const what = name === undefined ? kind : `${kind} "${name}"`;
    const count = issues.length === 1 ? '1 problem' : `${issues.length} problems`;
    super(`${what} is invalid (${count}):\n${formatIssues(issues)}`, {
      code: kind === 'SchedulePolicy' ? 'invalid-schedule-policy' : 'invalid-migration-schedule',
    });
    this.kind = kind;
    this.issues = issues;
  }
}

/** The value of a validation, or a SchedulingValidationError naming the document. */
export function valueOrThrow<T>(kind: ScheduledKind, input: unknown, result: Validation<T>): T {
  if (result.ok) return result.value;
  const name = typeof input === 'object' && input !== null ? (input as { name?: unknown }).name : undefined;
  throw new SchedulingValidationError(kind, typeof name === 'string' ? name : undefined, result.issues);
}
