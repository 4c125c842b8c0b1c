import type { FlagKey } from '../cli/argv';
import { applyCommand } from './apply.command';
import { switchCommand } from './cluster-domain.command';
import type { CommandContext } from './command-context';
import { configCommand } from './config.command';
import { deleteCommand } from './delete.command';
import { describeCommand } from './describe.command';
import { failbackCommand, failoverCommand } from './failover.command';
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
      'create or update the documents of FILE (Stork or Tandem YAML), each at the service that keeps its kind: ClusterPair and the Opaque Secret it ' +
      'names (failover), Rule (snapshot), SchedulePolicy, MigrationSchedule (scheduler), Migration (coordinator, runs it now); nothing is sent if any has a problem',
    flags: [...COMMON, 'filename'],
    run: (ctx) => applyCommand(ctx, 'apply'),
  },
  create: {
    synopsis: 'create -f FILE|- [-n NAMESPACE]',
    summary: 'as apply, but refuses (and sends nothing) when a document already exists (a Secret is applied, and said so, when it exists)',
    flags: [...COMMON, 'filename'],
    run: (ctx) => applyCommand(ctx, 'create'),
  },
  get: {
    synopsis:
      'get clusterpairs|rules|schedulepolicies|migrationschedules|migrations [NAME] [-n NAMESPACE|-A] [--schedule NAME] [-o table|wide|yaml|json]\n' +
      '  tandemctl get applications [-n NAMESPACE] [-o table|wide|yaml|json]\n' +
      '  tandemctl get clusterdomainsstatus [NAME] [-o table|wide|yaml|json]\n' +
      '  tandemctl get failovers [NAME] [-n NAMESPACE|-A] [-o table|wide|yaml|json]',
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
    synopsis: 'delete clusterpair|rule|migrationschedule|schedulepolicy|migration NAME... [-n NAMESPACE] | delete -f FILE',
    summary:
      'delete them, migrations and schedules first (a schedule with the records of its migrations; a policy only when no schedule uses it; ' +
      'a migration only when it is a finished one-off run)',
    flags: [...COMMON, 'filename'],
    run: deleteCommand,
  },
  activate: {
    synopsis: 'activate clusterdomain NAME [--wait [--timeout SECONDS]] | activate migration -n NAMESPACE',
    summary:
      "clusterdomain: let the domain run its applications again, under a new epoch (failover service); migration: start the applications " +
      'migrated to this site, at the replica counts recorded at migration time (migration service; refused while the domain is inactive)',
    flags: [...COMMON, 'wait', 'timeout'],
    run: (ctx) => switchCommand(ctx, 'activate'),
  },
  deactivate: {
    synopsis: 'deactivate clusterdomain NAME [--wait [--timeout SECONDS]] | deactivate migration -n NAMESPACE',
    summary:
      "clusterdomain: fence the domain — raise its epoch, so that its agents refuse the old owner's data commands and its site starts no " +
      'migrated workload (failover service); migration: scale the migrated applications of the namespace to 0, their counts recorded',
    flags: [...COMMON, 'wait', 'timeout'],
    run: (ctx) => switchCommand(ctx, 'deactivate'),
  },
  failover: {
    synopsis: 'failover -m SCHEDULE [-n NAMESPACE] [--include-namespaces A,B] [--exclude-namespaces C] [--skip-source-operations] [--no-wait]',
    summary:
      'make this site run the application MigrationSchedule SCHEDULE protects: the source is stopped cleanly when it answers (schedule suspended, scaled ' +
      'down, a last migration), fenced, and the application activated here; followed stage by stage until it ends (exit 0 only when Successful); ' +
      'a failure undoes what was done',
    flags: [...COMMON, 'migrationSchedule', 'includeNamespaces', 'excludeNamespaces', 'skipSourceOperations', 'noWait'],
    run: failoverCommand,
  },
  failback: {
    synopsis: 'failback -m REVERSE-SCHEDULE [-n NAMESPACE] [--include-namespaces A,B] [--exclude-namespaces C] [--skip-source-operations] [--no-wait]',
    summary:
      'run against the primary once it is back and the reverse MigrationSchedule (DR site → primary) has brought it in sync: make it run the ' +
      'application again — the DR site is stopped cleanly (schedule suspended, scaled down, a last migration), fenced, the primary\'s domain ' +
      'activated and the application started there; followed stage by stage until it ends (exit 0 only when Successful); a failure undoes what was done',
    flags: [...COMMON, 'migrationSchedule', 'includeNamespaces', 'excludeNamespaces', 'skipSourceOperations', 'noWait'],
    run: failbackCommand,
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
  drill: 'a drill goes to the failover service, which this tandemctl cannot reach yet',
};
