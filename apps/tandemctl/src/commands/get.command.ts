import { CommandError, UsageError } from '../cli/cli-errors';
import type { MigrationView } from '../http/scheduler.views';
import { migrationPrintable, policyPrintable, Printable, schedulePrintable, toJsonOutput, toYamlOutput } from '../output/manifest.output';
import { migrationScheduleTable } from '../output/migration-schedule.printer';
import { migrationTable } from '../output/migration.printer';
import { schedulePolicyTable } from '../output/schedule-policy.printer';
import { kindOf, notServedError } from '../resources/kinds';
import { CommandContext, namesOf, OutputFormat, outputOf } from './command-context';

/** `get <kind> [name]`: a table (storkctl's columns), or the objects as YAML or JSON. */
export async function getCommand(ctx: CommandContext): Promise<number> {
  const { args } = ctx;
  const kind = kindOf(args.positionals[1], 'get');
  const [name] = namesOf(args, 'get', 0, 1);
  const format = outputOf(args, 'get');
  if (args.values.has('schedule') && kind !== 'Migration') throw new UsageError('--schedule filters migrations: get migrations --schedule NAME', 'get');
  if (name !== undefined && args.switches.has('allNamespaces')) throw new UsageError('a name is looked up in one namespace: give -n NAMESPACE, not -A', 'get');
  switch (kind) {
    case 'SchedulePolicy':
      return getPolicies(ctx, name, format);
    case 'MigrationSchedule':
      return getSchedules(ctx, name, format);
    case 'Migration':
      return getMigrations(ctx, name, format);
    case 'ClusterPair':
    case 'Rule':
      throw notServedError(kind, `get ${kind.toLowerCase()}`);
  }
}

/** The namespace to look in; undefined for every namespace (`-A`). */
const namespaceOf = (ctx: CommandContext): string | undefined => (ctx.args.switches.has('allNamespaces') ? undefined : ctx.config.namespace);

async function getPolicies(ctx: CommandContext, name: string | undefined, format: OutputFormat): Promise<number> {
  const scheduler = ctx.scheduler();
  const policies = name !== undefined ? [await scheduler.getPolicy(name)] : await scheduler.listPolicies();
  if (policies.length === 0) return nothingFound(ctx, format, 'no schedule policies');
  return print(ctx, format, name !== undefined, policies.map(policyPrintable), () => schedulePolicyTable(policies, ctx.io.now(), format === 'wide'));
}

async function getSchedules(ctx: CommandContext, name: string | undefined, format: OutputFormat): Promise<number> {
  const scheduler = ctx.scheduler();
  const namespace = namespaceOf(ctx);
  const schedules = name !== undefined ? [await scheduler.getSchedule(ctx.config.namespace, name)] : await scheduler.listSchedules(namespace);
  if (schedules.length === 0) return nothingFound(ctx, format, `no migration schedules ${inNamespace(namespace)}`);
  return print(ctx, format, name !== undefined, schedules.map(schedulePrintable), () =>
    migrationScheduleTable(schedules, ctx.io.now(), { wide: format === 'wide', withNamespace: namespace === undefined }),
  );
}

async function getMigrations(ctx: CommandContext, name: string | undefined, format: OutputFormat): Promise<number> {
  const scheduler = ctx.scheduler();
  const namespace = namespaceOf(ctx);
  const schedule = ctx.args.values.get('schedule');
  const [listed, schedules] = await Promise.all([
    scheduler.listMigrations({ ...(namespace !== undefined ? { namespace } : {}), ...(schedule !== undefined ? { schedule } : {}) }),
    scheduler.listSchedules(namespace),
  ]);
  const migrations = name === undefined ? listed : listed.filter((m) => m.name === name);
  if (name !== undefined && migrations.length === 0) {
    throw new CommandError(`no migration "${name}" ${inNamespace(namespace)}; tandemctl get migrations${namespace ? ` -n ${namespace}` : ' -A'} lists them`);
  }
  if (migrations.length === 0) return nothingFound(ctx, format, `no migrations ${inNamespace(namespace)}${schedule ? ` of schedule "${schedule}"` : ''}`);
  const pairs = new Map(schedules.map((s) => [`${s.namespace}/${s.name}`, s.template.clusterPair]));
  const clusterPairOf = (m: MigrationView) => pairs.get(`${m.namespace}/${m.schedule}`);
  return print(ctx, format, name !== undefined, migrations.map(migrationPrintable), () =>
    migrationTable(migrations, clusterPairOf, ctx.io.now(), { wide: format === 'wide', withNamespace: namespace === undefined }),
  );
}

function print(ctx: CommandContext, format: OutputFormat, single: boolean, items: Printable[], table: () => string): number {
  if (format === 'yaml') ctx.io.out(toYamlOutput(items));
  else if (format === 'json') ctx.io.out(toJsonOutput(items, single));
  else ctx.io.out(table());
  return 0;
}

const inNamespace = (namespace: string | undefined): string => (namespace === undefined ? 'in any namespace' : `in namespace "${namespace}"`);

/** Like kubectl: an empty list is not an error; the note goes to stderr, and JSON is an empty List. */
function nothingFound(ctx: CommandContext, format: OutputFormat, what: string): number {
  if (format === 'json') ctx.io.out(toJsonOutput([], false));
  else ctx.io.err(`${what}\n`);
  return 0;
}
