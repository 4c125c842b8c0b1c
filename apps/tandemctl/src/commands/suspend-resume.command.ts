import { UsageError } from '../cli/cli-errors';
import { kindOf, kindWord } from '../resources/kinds';
import { CommandContext, namesOf } from './command-context';

/**
 * `suspend|resume migrationschedule NAME... [-n NAMESPACE]`: takes effect at once (a suspended schedule fires
 * nothing from the moment this returns; a resumed one fires at its next time, the suspension not counted as missed).
 */
export async function suspendResumeCommand(ctx: CommandContext, verb: 'suspend' | 'resume'): Promise<number> {
  const done = verb === 'suspend' ? 'suspended' : 'resumed';
  const kind = kindOf(ctx.args.positionals[1], verb);
  if (kind !== 'MigrationSchedule') throw new UsageError(`only migration schedules can be ${done}: ${verb} migrationschedule NAME -n NAMESPACE`, verb);
  const scheduler = ctx.scheduler();
  for (const name of namesOf(ctx.args, verb, 1)) {
    await scheduler.setSuspended(ctx.config.namespace, name, verb === 'suspend');
    ctx.io.out(`${kindWord(kind)}/${name} ${done}\n`);
  }
  return 0;
}
