import { InvalidInputError } from '@tandem/contracts';

const RUN_ID = /^[A-Za-z0-9][A-Za-z0-9_.-]{0,99}$/;

/**
 * A run id names the files a background action's snippet uses in the pod (`/tmp/tandem-rule-<runId>-…`), so it
 * must be a safe file-name part that needs no quoting in a shell: letters, digits, `_`, `.`, `-`. A wrong one is
 * the caller's bug, and thrown.
 */
export function assertRunId(runId: string): void {
  if (!RUN_ID.test(runId)) {
    throw new InvalidInputError(
      `run id ${JSON.stringify(runId)} cannot name files in a pod: use 1 to 100 letters, digits, "_", "." or "-", starting with a letter or digit (e.g. the migration's name)`,
    );
  }
}
