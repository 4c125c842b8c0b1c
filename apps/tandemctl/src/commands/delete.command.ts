import { type DrKind, type DrResource, parseResourceDocuments, parseSecretDocuments } from '@tandem/resources';
import { UsageError } from '../cli/cli-errors';
import { countOf, formatProblems } from '../output/problems.printer';
import { kindOf, kindWord } from '../resources/kinds';
import { CommandContext, namesOf } from './command-context';
import { readInput } from './read-input';

/** What is deleted first: a migration or schedule before the policy, rules and pair it names. */
const DELETE_ORDER: readonly DrKind[] = ['Migration', 'MigrationSchedule', 'SchedulePolicy', 'Rule', 'ClusterPair'];

/**
 * `delete <kind> NAME... [-n NAMESPACE]` or `delete -f FILE`: migrations and schedules before what they use. A
 * migration is a finished one-off run, forgotten by the coordinator (one a schedule fired goes with its schedule).
 */
export async function deleteCommand(ctx: CommandContext): Promise<number> {
  const file = ctx.args.values.get('filename');
  const targets = file !== undefined ? await targetsOfFile(ctx, file) : targetsOfArgs(ctx);
  if (targets === undefined) return 1;
  const ordered = DELETE_ORDER.flatMap((kind) => targets.filter((t) => t.kind === kind));
  for (const target of ordered) {
    await deleteOne(ctx, target);
    ctx.io.out(`${kindWord(target.kind)}/${target.name} deleted\n`);
  }
  return 0;
}

interface Target {
  kind: DrKind;
  name: string;
  namespace: string;
}

function targetsOfArgs(ctx: CommandContext): Target[] {
  if (ctx.args.positionals.length < 2) throw new UsageError('delete needs a kind and a name, or -f FILE', 'delete');
  const kind = kindOf(ctx.args.positionals[1], 'delete');
  const names = namesOf(ctx.args, 'delete', 1);
  return names.map((name) => target(kind, name, ctx.config.namespace));
}

async function targetsOfFile(ctx: CommandContext, file: string): Promise<Target[] | undefined> {
  if (ctx.args.positionals.length > 1) throw new UsageError('delete takes a kind and names, or -f FILE, not both', 'delete');
  const { source, text } = await readInput(file, ctx.io);
  const options = { defaultNamespace: ctx.config.namespace };
  const parsed = parseResourceDocuments(text, options);
  // The Secrets `generate clusterpair` prints beside a pair are read (so the file is accepted) and left alone.
  const core = parseSecretDocuments(text, options);
  const problems = [...parsed.problems.filter((p) => p.document === undefined || !core.coreDocuments.has(p.document)), ...core.problems];
  if (problems.length > 0) {
    ctx.io.err(`error: ${source}: ${countOf(problems.length, 'problem')}; nothing was deleted\n`);
    ctx.io.err(formatProblems(source, problems));
    return undefined;
  }
  for (const { secret } of core.secrets) {
    ctx.io.err(`secret/${secret.metadata.name} left alone: Tandem does not delete Secrets (kubectl -n ${secret.metadata.namespace} delete secret ${secret.metadata.name})\n`);
  }
  return parsed.resources.map((r: DrResource) => target(r.kind, r.metadata.name, r.metadata.namespace ?? ctx.config.namespace));
}

function target(kind: DrKind, name: string, namespace: string): Target {
  return { kind, name, namespace };
}

async function deleteOne(ctx: CommandContext, t: Target): Promise<void> {
  switch (t.kind) {
    case 'SchedulePolicy':
      return ctx.scheduler().deletePolicy(t.name);
    case 'MigrationSchedule':
      return ctx.scheduler().deleteSchedule(t.namespace, t.name);
    case 'Rule':
      return ctx.snapshot().delete(t.namespace, t.name);
    case 'ClusterPair':
      return ctx.failover().delete(t.namespace, t.name);
    case 'Migration':
      return ctx.coordinator().deleteMigration(t.namespace, t.name);
  }
}
