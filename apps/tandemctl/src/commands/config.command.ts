import { UsageError } from '../cli/cli-errors';
import { renderTable } from '../output/table';
import type { CommandContext } from './command-context';

/** `config view`: where each setting came from, to see why tandemctl talks to the service it does. */
export async function configCommand(ctx: CommandContext): Promise<number> {
  const sub = ctx.args.positionals[1];
  if (sub !== 'view') throw new UsageError(sub === undefined ? 'config needs a subcommand: config view' : `unknown subcommand "config ${sub}"; there is config view`, 'config');
  const { config } = ctx;
  ctx.io.out(
    `config file: ${config.configPath}${config.configFound ? '' : ' (not found)'}\n` +
      `context:     ${config.context ?? '(none)'}\n` +
      `namespace:   ${config.namespace}\n\n` +
      renderTable(
        ['SERVICE', 'URL', 'FROM'],
        Object.values(config.endpoints).map((e) => [e.service, e.url, e.source]),
      ),
  );
  return 0;
}
