import { formatProblem } from '@tandem/resources';
import { COMMANDS, PLANNED_COMMANDS } from '../commands/command-table';
import type { Io } from '../commands/command-context';
import { loadConfigFile } from '../config/config-file';
import { configPathOf, Env, resolveConfig } from '../config/tandemctl.config';
import { serviceTitle } from '../config/services';
import { CoordinatorClient } from '../http/coordinator.client';
import { FailoverClient } from '../http/failover.client';
import { MigrationClient } from '../http/migration.client';
import { ReplicationClient } from '../http/replication.client';
import { SchedulerClient } from '../http/scheduler.client';
import { SnapshotClient } from '../http/snapshot.client';
import { ServiceAnswerError, ServiceUnreachableError } from '../http/service-errors';
import { checkFlags, parseArgv } from './argv';
import { CommandError, UsageError } from './cli-errors';
import { didYouMean } from './nearest';
import { commandUsage, usage } from './usage';

export interface CliEnvironment {
  io: Io;
  env: Env;
  home: string;
}

/** Runs one command line; resolves to the exit code (0 done, 1 failed, 2 wrong usage). Never throws. */
export async function runCli(argv: readonly string[], { io, env, home }: CliEnvironment): Promise<number> {
  try {
    const args = parseArgv(argv);
    const name = args.positionals[0];
    if (name === undefined) {
      io.out(usage());
      return 0;
    }
    if (name === 'help') {
      io.out(args.positionals[1] ? commandUsage(args.positionals[1]) : usage());
      return 0;
    }
    const planned = Object.hasOwn(PLANNED_COMMANDS, name) ? PLANNED_COMMANDS[name] : undefined;
    if (planned) throw new CommandError(`not served yet by this Tandem: ${planned}`);
    const command = Object.hasOwn(COMMANDS, name) ? COMMANDS[name] : undefined;
    if (!command) throw new UsageError(`unknown command "${name}"${didYouMean(name, [...Object.keys(COMMANDS), ...Object.keys(PLANNED_COMMANDS)])}`);
    checkFlags(args, name, command.flags);
    if (args.switches.has('help')) {
      io.out(commandUsage(name));
      return 0;
    }
    const { path, explicit } = configPathOf(args, env, home);
    const config = resolveConfig(args, env, loadConfigFile(path, explicit), path);
    const { endpoints, requestTimeoutMs: timeout } = config;
    return await command.run({
      args,
      config,
      io,
      scheduler: () => new SchedulerClient(endpoints.scheduler, timeout),
      failover: () => new FailoverClient(endpoints.failover, timeout),
      snapshot: () => new SnapshotClient(endpoints.snapshot, timeout),
      replication: () => new ReplicationClient(endpoints.replication, timeout),
      coordinator: () => new CoordinatorClient(endpoints.coordinator, timeout),
      migration: () => new MigrationClient(endpoints.migration, timeout),
    });
  } catch (error) {
    return report(error, io, argv.find((arg) => Object.hasOwn(COMMANDS, arg)));
  }
}

/** Prints the error for a person; `command` (the one the line seems to run) chooses the usage to print. */
function report(error: unknown, io: Io, command: string | undefined): number {
  if (error instanceof UsageError) {
    const about = error.command ?? command;
    io.err(`tandemctl: ${error.message}\n\n${about ? commandUsage(about) : usage()}`);
    return 2;
  }
  if (error instanceof CommandError || error instanceof ServiceUnreachableError) {
    io.err(`error: ${error.message}\n`);
    return 1;
  }
  if (error instanceof ServiceAnswerError) {
    const code = error.code ? ` (${error.code})` : '';
    io.err(`error from the ${serviceTitle(error.endpoint.service)}${code}: ${error.message}\n`);
    for (const problem of error.body.problems ?? []) io.err(`  ${formatProblem(problem)}\n`);
    return 1;
  }
  io.err(`error: tandemctl failed unexpectedly: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  return 1;
}
