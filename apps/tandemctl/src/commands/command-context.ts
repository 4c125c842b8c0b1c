import type { ParsedArgv } from '../cli/argv';
import { UsageError } from '../cli/cli-errors';
import { didYouMean } from '../cli/nearest';
import type { TandemctlConfig } from '../config/tandemctl.config';
import type { CoordinatorClient } from '../http/coordinator.client';
import type { FailoverClient } from '../http/failover.client';
import type { MigrationClient } from '../http/migration.client';
import type { ReplicationClient } from '../http/replication.client';
import type { SchedulerClient } from '../http/scheduler.client';
import type { SnapshotClient } from '../http/snapshot.client';

/** Where a command reads and writes; the process's own in main.ts, buffers in tests. */
export interface Io {
  out(text: string): void;
  err(text: string): void;
  readStdin(): Promise<string>;
  now(): Date;
}

export interface CommandContext {
  args: ParsedArgv;
  config: TandemctlConfig;
  io: Io;
  scheduler(): SchedulerClient;
  failover(): FailoverClient;
  snapshot(): SnapshotClient;
  replication(): ReplicationClient;
  coordinator(): CoordinatorClient;
  migration(): MigrationClient;
}

/** The namespace to look in; undefined for every namespace (`-A`). */
export const namespaceOf = (ctx: CommandContext): string | undefined => (ctx.args.switches.has('allNamespaces') ? undefined : ctx.config.namespace);

export const inNamespace = (namespace: string | undefined): string => (namespace === undefined ? 'in any namespace' : `in namespace "${namespace}"`);

export const OUTPUT_FORMATS = ['table', 'wide', 'yaml', 'json'] as const;
export type OutputFormat = (typeof OUTPUT_FORMATS)[number];

export function outputOf(args: ParsedArgv, command: string): OutputFormat {
  const value = args.values.get('output') ?? 'table';
  if ((OUTPUT_FORMATS as readonly string[]).includes(value)) return value as OutputFormat;
  throw new UsageError(`-o ${value}: unknown output format${didYouMean(value, OUTPUT_FORMATS)} (${OUTPUT_FORMATS.join(', ')})`, command);
}

/** The positionals after the command and its kind: at most `max` names. */
export function namesOf(args: ParsedArgv, command: string, min: number, max = Infinity): string[] {
  const names = args.positionals.slice(2);
  if (names.length < min) throw new UsageError(`${command} needs ${min === 1 ? 'a name' : `${min} names`}`, command);
  if (names.length > max) throw new UsageError(`${command} takes ${max === 1 ? 'one name' : `at most ${max} names`}; got ${names.join(' ')}`, command);
  return names;
}
