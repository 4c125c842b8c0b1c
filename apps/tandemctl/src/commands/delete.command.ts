import { type DrResource, parseResourceDocuments } from '@tandem/resources';
import { UsageError } from '../cli/cli-errors';
import type { SchedulerClient } from '../http/scheduler.client';
import { countOf, formatProblems } from '../output/problems.printer';
import { kindOf, kindWord, notServedError } from '../resources/kinds';
import { CommandContext, namesOf } from './command-context';
import { readInput } from './read-input';

/** `delete <kind> NAME... [-n NAMESPACE]` or `delete -f FILE`: schedules before the policies they use. */
export async function deleteCommand(ctx: CommandContext): Promise<number> {
  const file = ctx.args.values.get('filename');
  const targets = file !== undefined ? await targetsOfFile(ctx, file) : targetsOfArgs(ctx);
  if (targets === undefined) return 1;
  const scheduler = ctx.scheduler();
  const ordered = [...targets.filter((t) => t.kind === 'MigrationSchedule'), ...targets.filter((t) => t.kind !== 'MigrationSchedule')];
  for (const target of ordered) {
    await deleteOne(scheduler, target);
    ctx.io.out(`${kindWord(target.kind)}/${target.name} deleted\n`);
  }
  return 0;
}

interface Target {
  kind: 'SchedulePolicy' | 'MigrationSchedule';
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

function target(kind: DrResource['kind'], name: string, namespace: string): Target {
  if (kind === 'SchedulePolicy' || kind === 'MigrationSchedule') return { kind, name, namespace };
  if (kind === 'Migration') throw new UsageError('migrations are deleted with their schedule (delete migrationschedule NAME), or by retention', 'delete');
  throw notServedError(kind, `delete ${kindWord(kind)}`);
}

async function deleteOne(scheduler: SchedulerClient, t: Target): Promise<void> {
  if (t.kind === 'SchedulePolicy') await scheduler.deletePolicy(t.name);
  else await scheduler.deleteSchedule(t.namespace, t.name);
}
