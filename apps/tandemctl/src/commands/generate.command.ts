import { UsageError } from '../cli/cli-errors';
import { CommandContext, namesOf } from './command-context';

/**
 * `generate clusterpair NAME -n NAMESPACE`: the ClusterPair document the failover service writes for this site, printed
 * as it answers, to be redirected to a file and applied on the source (`tandemctl apply -f`).
 */
export async function generateCommand(ctx: CommandContext): Promise<number> {
  const what = ctx.args.positionals[1];
  if (what === undefined) throw new UsageError('generate needs what to generate: generate clusterpair NAME -n NAMESPACE', 'generate');
  if (!['clusterpair', 'cp'].includes(what.toLowerCase())) throw new UsageError(`generate makes a clusterpair, not "${what}": generate clusterpair NAME -n NAMESPACE`, 'generate');
  const [name] = namesOf(ctx.args, 'generate', 1, 1) as [string];
  const yaml = await ctx.failover().generate(ctx.config.namespace, name);
  ctx.io.out(yaml.endsWith('\n') || yaml === '' ? yaml : `${yaml}\n`);
  return 0;
}
