/** The command line was wrong: tandemctl prints the message and the usage, and exits 2. */
export class UsageError extends Error {
  constructor(
    message: string,
    /** The command whose usage to print; the general usage when absent. */
    readonly command?: string,
  ) {
    super(message);
  }
}

/**
 * The command ran and failed in a way the person can act on (a file that cannot be read, a kind no service takes):
 * tandemctl prints the message (already written for a person) and exits 1.
 */
export class CommandError extends Error {}
