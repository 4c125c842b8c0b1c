import { CommandError } from '../cli/cli-errors';
import { describeClusterPair, describeMigration, describePolicy, describeRule, describeSchedule } from '../output/describe.printer';
import { kindOf } from '../resources/kinds';
import { CommandContext, namesOf } from './command-context';
import { loadMigration } from './load-migrations';

/** `describe <kind> NAME...`: each as a readable page of fields, status and reason included, separated by a blank line. */
export async function describeCommand(ctx: CommandContext): Promise<number> {
  const kind = kindOf(ctx.args.positionals[1], 'describe');
  const names = namesOf(ctx.args, 'describe', 1);
  const { namespace } = ctx.config;
  const now = ctx.io.now();
  const pages: string[] = [];
  for (const name of names) {
    switch (kind) {
      case 'ClusterPair':
        pages.push(describeClusterPair(await ctx.failover().get(namespace, name), now));
        break;
      case 'Rule':
        pages.push(describeRule(await ctx.snapshot().get(namespace, name), now));
        break;
      case 'SchedulePolicy':
        pages.push(describePolicy(await ctx.scheduler().getPolicy(name), now));
        break;
      case 'MigrationSchedule':
        pages.push(describeSchedule(await ctx.scheduler().getSchedule(namespace, name), now));
        break;
      case 'Migration': {
        const migration = await loadMigration(ctx, namespace, name);
        if (!migration) throw new CommandError(`no migration "${name}" in namespace "${namespace}"; tandemctl get migrations -n ${namespace} lists them`);
        pages.push(describeMigration(migration, now));
        break;
      }
    }
  }
  ctx.io.out(pages.join('\n'));
  return 0;
}
