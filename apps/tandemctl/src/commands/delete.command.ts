import { type DrKind, type DrResource, parseResourceDocuments } from '@tandem/resources';
import { UsageError } from '../cli/cli-errors';
import { countOf, formatProblems } from '../output/problems.printer';
import { kindOf, kindWord } from '../resources/kinds';
import { CommandContext, namesOf } from './command-context';
import { readInput } from './read-input';

type DeletableKind = Exclude<DrKind, 'Migration'>;

/** What is deleted first: a schedule before the policy, rules and pair it names. */
const DELETE_ORDER: readonly DeletableKind[] = ['MigrationSchedule', 'SchedulePolicy', 'Rule', 'ClusterPair'];

/** `delete <kind> NAME... [-n NAMESPACE]` or `delete -f FILE`: schedules before what they use. */
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
  kind: DeletableKind;
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
  const parsed = parseResourceDocuments(text, { defaultNamespace: ctx.config.namespace });
  if (parsed.problems.length > 0) {
    ctx.io.err(`error: ${source}: ${countOf(parsed.problems.length, 'problem')}; nothing was deleted\n`);
    ctx.io.err(formatProblems(source, parsed.problems));
    return undefined;
  }
  return parsed.resources.map((r: DrResource) => target(r.kind, r.metadata.name, r.metadata.namespace ?? ctx.config.namespace));
}

function target(kind: DrKind, name: string, namespace: string): Target {
  if (kind === 'Migration') throw new UsageError('migrations are deleted with their schedule (delete migrationschedule NAME), or by retention', 'delete');
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
  }
}
