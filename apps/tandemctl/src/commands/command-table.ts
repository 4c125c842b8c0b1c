import type { FlagKey } from '../cli/argv';
import { applyCommand } from './apply.command';
import type { CommandContext } from './command-context';
import { configCommand } from './config.command';
import { deleteCommand } from './delete.command';
import { describeCommand } from './describe.command';
import { generateCommand } from './generate.command';
import { getCommand } from './get.command';
import { suspendResumeCommand } from './suspend-resume.command';

export interface CommandDef {
  /** `apply -f FILE [-n NAMESPACE]`. */
  synopsis: string;
  summary: string;
  flags: readonly FlagKey[];
  run(ctx: CommandContext): Promise<number>;
}

/** Flags every command takes: which site and how to reach it. */
const COMMON: readonly FlagKey[] = [
  'context',
  'config',
  'schedulerUrl',
  'failoverUrl',
  'snapshotUrl',
  'replicationUrl',
  'migrationUrl',
  'coordinatorUrl',
  'requestTimeout',
  'help',
  'namespace',
];

export const COMMANDS: Record<string, CommandDef> = {
  apply: {
    synopsis: 'apply -f FILE|- [-n NAMESPACE]',
    summary:
      'create or update the documents of FILE (Stork or Tandem YAML), each at the service that keeps its kind: ClusterPair (failover), Rule (snapshot), ' +
      'SchedulePolicy, MigrationSchedule, Migration (scheduler); nothing is sent if any has a problem',
    flags: [...COMMON, 'filename'],
    run: (ctx) => applyCommand(ctx, 'apply'),
  },
  create: {
    synopsis: 'create -f FILE|- [-n NAMESPACE]',
    summary: 'as apply, but refuses (and sends nothing) when a document already exists',
    flags: [...COMMON, 'filename'],
    run: (ctx) => applyCommand(ctx, 'create'),
  },
  get: {
    synopsis:
      'get clusterpairs|rules|schedulepolicies|migrationschedules|migrations [NAME] [-n NAMESPACE|-A] [--schedule NAME] [-o table|wide|yaml|json]\n' +
      '  tandemctl get applications [-n NAMESPACE] [-o table|wide|yaml|json]',
    summary: 'list them, or show one (aliases: cp, sp, ms; rpo for applications, which lists every namespace unless -n names one)',
    flags: [...COMMON, 'allNamespaces', 'output', 'schedule'],
    run: getCommand,
  },
  describe: {
    synopsis: 'describe clusterpair|rule|schedulepolicy|migrationschedule|migration NAME... [-n NAMESPACE]',
    summary: 'each as a readable page: its fields, its status and why',
    flags: COMMON,
    run: describeCommand,
  },
  generate: {
    synopsis: 'generate clusterpair NAME [-n NAMESPACE] > FILE',
    summary: "the failover service's ClusterPair to this site, printed as is: apply it on the source with tandemctl apply -f FILE",
    flags: COMMON,
    run: generateCommand,
  },
  suspend: {
    synopsis: 'suspend migrationschedule NAME... [-n NAMESPACE]',
    summary: 'stop a schedule firing, at once',
    flags: COMMON,
    run: (ctx) => suspendResumeCommand(ctx, 'suspend'),
  },
  resume: {
    synopsis: 'resume migrationschedule NAME... [-n NAMESPACE]',
    summary: 'let a suspended schedule fire again at its next time',
    flags: COMMON,
    run: (ctx) => suspendResumeCommand(ctx, 'resume'),
  },
  delete: {
    synopsis: 'delete clusterpair|rule|migrationschedule|schedulepolicy NAME... [-n NAMESPACE] | delete -f FILE',
    summary: 'delete them, schedules first (a schedule with the records of its migrations; a policy only when no schedule uses it)',
    flags: [...COMMON, 'filename'],
    run: deleteCommand,
  },
  config: {
    synopsis: 'config view [--context NAME]',
    summary: 'the config file, context, namespace and each service\'s URL, with where each came from',
    flags: COMMON,
    run: configCommand,
  },
};

/**
 * storkctl's commands that Tandem will answer, and the service that will: known, so that they are not "unknown",
 * and say plainly that this Tandem does not serve them yet.
 */
export const PLANNED_COMMANDS: Record<string, string> = {
  activate:
    'activate clusterdomain goes to the failover service, activate migrations (start the migrated applications) to the migration service; this tandemctl cannot reach them yet',
  deactivate: 'deactivate clusterdomain goes to the failover service, deactivate migrations to the migration service; this tandemctl cannot reach them yet',
  failover: 'failover goes to the failover service, which this tandemctl cannot reach yet',
  failback: 'failback goes to the failover service, which this tandemctl cannot reach yet',
  drill: 'a drill goes to the failover service, which this tandemctl cannot reach yet',
};
