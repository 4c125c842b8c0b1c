import { CommandError, UsageError } from '../cli/cli-errors';
import { applicationTable } from '../output/application.printer';
import { clusterPairTable } from '../output/cluster-pair.printer';
import {
  applicationPrintable,
  clusterPairPrintable,
  migrationRowPrintable,
  policyPrintable,
  Printable,
  rulePrintable,
  schedulePrintable,
  toJsonOutput,
  toYamlOutput,
} from '../output/manifest.output';
import { migrationScheduleTable } from '../output/migration-schedule.printer';
import { migrationTable } from '../output/migration.printer';
import { ruleTable } from '../output/rule.printer';
import { schedulePolicyTable } from '../output/schedule-policy.printer';
import { APPLICATION_WORDS, kindOf } from '../resources/kinds';
import { CLUSTER_DOMAIN_WORDS, getClusterDomains } from './cluster-domain.command';
import { CommandContext, inNamespace, namesOf, namespaceOf, OutputFormat, outputOf } from './command-context';
import { FAILOVER_WORDS, getFailovers } from './failover.command';
import { loadMigrations } from './load-migrations';

/** `get <kind> [name]`: a table (storkctl's columns), or the objects as YAML or JSON. */
export async function getCommand(ctx: CommandContext): Promise<number> {
  const { args } = ctx;
  const word = args.positionals[1];
  const format = outputOf(args, 'get');
  if (word !== undefined && APPLICATION_WORDS.includes(word.toLowerCase())) return getApplications(ctx, format);
  if (word !== undefined && CLUSTER_DOMAIN_WORDS.includes(word.toLowerCase())) return getClusterDomains(ctx);
  if (word !== undefined && FAILOVER_WORDS.includes(word.toLowerCase())) {
    if (args.values.has('schedule')) throw new UsageError('--schedule filters migrations: get migrations --schedule NAME', 'get');
    return getFailovers(ctx);
  }
  const kind = kindOf(word, 'get', [...APPLICATION_WORDS, ...CLUSTER_DOMAIN_WORDS, ...FAILOVER_WORDS]);
  const [name] = namesOf(args, 'get', 0, 1);
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
      return getClusterPairs(ctx, name, format);
    case 'Rule':
      return getRules(ctx, name, format);
  }
}

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

/** The coordinator's runs (stage, counts) merged with the scheduler's records of the migrations it has not picked up. */
async function getMigrations(ctx: CommandContext, name: string | undefined, format: OutputFormat): Promise<number> {
  const namespace = namespaceOf(ctx);
  const schedule = ctx.args.values.get('schedule');
  const listed = await loadMigrations(ctx, namespace, schedule);
  const migrations = name === undefined ? listed : listed.filter((m) => m.name === name);
  if (name !== undefined && migrations.length === 0) {
    throw new CommandError(`no migration "${name}" ${inNamespace(namespace)}; tandemctl get migrations${namespace ? ` -n ${namespace}` : ' -A'} lists them`);
  }
  if (migrations.length === 0) return nothingFound(ctx, format, `no migrations ${inNamespace(namespace)}${schedule ? ` of schedule "${schedule}"` : ''}`);
  return print(ctx, format, name !== undefined, migrations.map(migrationRowPrintable), () =>
    migrationTable(migrations, { wide: format === 'wide', withNamespace: namespace === undefined }),
  );
}

async function getClusterPairs(ctx: CommandContext, name: string | undefined, format: OutputFormat): Promise<number> {
  const failover = ctx.failover();
  const namespace = namespaceOf(ctx);
  const pairs = name !== undefined ? [await failover.get(ctx.config.namespace, name)] : await failover.list(namespace);
  if (pairs.length === 0) return nothingFound(ctx, format, `no cluster pairs ${inNamespace(namespace)}`);
  return print(ctx, format, name !== undefined, pairs.map(clusterPairPrintable), () =>
    clusterPairTable(pairs, ctx.io.now(), { wide: format === 'wide', withNamespace: namespace === undefined }),
  );
}

async function getRules(ctx: CommandContext, name: string | undefined, format: OutputFormat): Promise<number> {
  const snapshot = ctx.snapshot();
  const namespace = namespaceOf(ctx);
  const rules = name !== undefined ? [await snapshot.get(ctx.config.namespace, name)] : await snapshot.list(namespace);
  if (rules.length === 0) return nothingFound(ctx, format, `no rules ${inNamespace(namespace)}`);
  return print(ctx, format, name !== undefined, rules.map(rulePrintable), () => ruleTable(rules, { wide: format === 'wide', withNamespace: namespace === undefined }));
}

/** `get applications` (`get rpo`): every namespace's, unless -n names one. */
async function getApplications(ctx: CommandContext, format: OutputFormat): Promise<number> {
  if (ctx.args.positionals.length > 2) throw new UsageError(`get applications takes no name; got ${ctx.args.positionals.slice(2).join(' ')} (-n NAMESPACE narrows it)`, 'get');
  if (ctx.args.values.has('schedule')) throw new UsageError('--schedule filters migrations: get migrations --schedule NAME', 'get');
  const namespace = ctx.args.values.has('namespace') ? ctx.config.namespace : undefined;
  const all = await ctx.replication().listApplications();
  const apps = namespace === undefined ? all : all.filter((a) => a.namespace === namespace);
  if (apps.length === 0) return nothingFound(ctx, format, `no protected applications ${inNamespace(namespace)}`);
  return print(ctx, format, false, apps.map(applicationPrintable), () => applicationTable(apps, { wide: format === 'wide' }));
}

function print(ctx: CommandContext, format: OutputFormat, single: boolean, items: Printable[], table: () => string): number {
  if (format === 'yaml') ctx.io.out(toYamlOutput(items));
  else if (format === 'json') ctx.io.out(toJsonOutput(items, single));
  else ctx.io.out(table());
  return 0;
}

/** Like kubectl: an empty list is not an error; the note goes to stderr, and JSON is an empty List. */
function nothingFound(ctx: CommandContext, format: OutputFormat, what: string): number {
  if (format === 'json') ctx.io.out(toJsonOutput([], false));
  else ctx.io.err(`${what}\n`);
  return 0;
}
