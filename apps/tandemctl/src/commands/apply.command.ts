import { type DrResource, formatProblem, parseResourceDocuments } from '@tandem/resources';
import { UsageError } from '../cli/cli-errors';
import { KIND_SERVICE } from '../config/services';
import type { SchedulerClient } from '../http/scheduler.client';
import type { ApplyAnswer } from '../http/scheduler.views';
import { ServiceAnswerError } from '../http/service-errors';
import { countOf, formatProblems } from '../output/problems.printer';
import { kindWord, notServed } from '../resources/kinds';
import type { CommandContext } from './command-context';
import { readInput } from './read-input';

/**
 * `apply -f FILE` (and `create -f`): reads Stork or Tandem documents, checks every one here first (nothing is sent
 * while any has a problem), then sends them to the service that keeps their kind, all or nothing. Prints
 * `kind/name created|configured|unchanged` per document, like kubectl. `create` refuses what already exists.
 */
export async function applyCommand(ctx: CommandContext, mode: 'apply' | 'create'): Promise<number> {
  const { args, config, io } = ctx;
  const file = args.values.get('filename');
  if (!file) throw new UsageError(`${mode} needs -f FILE (or -f - to read stdin)`, mode);
  if (args.positionals.length > 1) throw new UsageError(`${mode} takes its documents from -f, not ${args.positionals.slice(1).join(' ')}`, mode);
  const { source, text } = await readInput(file, io);

  const parsed = parseResourceDocuments(text, { defaultNamespace: config.namespace });
  if (parsed.problems.length > 0) {
    io.err(`error: ${source}: ${countOf(parsed.problems.length, 'problem')}; nothing was ${mode === 'create' ? 'created' : 'applied'}\n`);
    io.err(formatProblems(source, parsed.problems));
    return 1;
  }
  if (parsed.resources.length === 0) {
    io.err(`error: ${source} holds no documents\n`);
    return 1;
  }
  const unserved = parsed.resources.flatMap((r) => {
    const route = KIND_SERVICE[r.kind];
    return 'planned' in route ? [`${kindWord(r.kind)}/${r.metadata.name}: ${notServed(r.kind, route.planned)}\n`] : [];
  });
  if (unserved.length > 0) {
    io.err(unserved.join(''));
    io.err(`error: nothing was ${mode === 'create' ? 'created' : 'applied'}: ${source} holds ${countOf(unserved.length, 'document')} no reachable service keeps; apply the others from a file without ${unserved.length === 1 ? 'it' : 'them'}\n`);
    return 1;
  }

  const scheduler = ctx.scheduler();
  if (mode === 'create') {
    const existing = await existingOf(scheduler, parsed.resources);
    if (existing.length > 0) {
      io.err(existing.map((r) => `${kindWord(r.kind)}/${r.metadata.name} already exists\n`).join(''));
      io.err(`error: nothing was created; use tandemctl apply -f ${file} to change what exists\n`);
      return 1;
    }
  }
  // Every document is the scheduler's (the only service reachable yet), so the text goes unchanged and the lines
  // the scheduler names are the file's.
  let answer: ApplyAnswer;
  try {
    answer = await scheduler.apply(text, config.namespace);
  } catch (error) {
    if (error instanceof ServiceAnswerError && error.body.problems?.length) {
      io.err(`error: the scheduler refused ${source}: ${countOf(error.body.problems.length, 'problem')}; nothing was applied\n`);
      io.err(formatProblems(source, error.body.problems));
      return 1;
    }
    throw error;
  }
  for (const warning of answer.warnings) io.err(`warning: ${formatProblem(warning)}\n`);
  for (const a of answer.applied) io.out(`${kindWord(a.kind)}/${a.name} ${a.action}\n`);
  return 0;
}

async function existingOf(scheduler: SchedulerClient, resources: readonly DrResource[]): Promise<DrResource[]> {
  const found = await Promise.all(
    resources.map(async (r) => {
      if (r.kind === 'SchedulePolicy') return (await scheduler.findPolicy(r.metadata.name)) !== undefined;
      if (r.kind === 'MigrationSchedule') return (await scheduler.findSchedule(r.metadata.namespace ?? 'default', r.metadata.name)) !== undefined;
      return false;
    }),
  );
  return resources.filter((_, i) => found[i]);
}
