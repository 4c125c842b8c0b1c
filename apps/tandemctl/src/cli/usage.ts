import { COMMANDS, PLANNED_COMMANDS } from '../commands/command-table';
import { SERVICES } from '../config/services';
import { FLAGS, FlagKey, FlagDef } from './argv';

const flagLine = (key: FlagKey): string => {
  const def: FlagDef = FLAGS[key];
  const names = [def.short, def.long].filter(Boolean).join(', ') + (def.value ? ` ${def.value}` : '');
  return `  ${names.padEnd(36)} ${def.help}\n`;
};

/** The general usage: every command, then the flags, then where the endpoints come from. */
export function usage(): string {
  const commands = Object.values(COMMANDS).map((c) => `  tandemctl ${c.synopsis}\n      ${c.summary}\n`);
  const keys = Object.keys(FLAGS) as FlagKey[];
  return (
    'tandemctl: the command line of Tandem (disaster recovery for applications on Kubernetes)\n\n' +
    `usage:\n${commands.join('')}\n` +
    `not served by this Tandem yet: ${Object.keys(PLANNED_COMMANDS).join(', ')}\n\n` +
    `flags:\n${keys.map(flagLine).join('')}\n` +
    CONFIG_HELP
  );
}

/** One command's usage and its flags. */
export function commandUsage(name: string): string {
  const command = Object.hasOwn(COMMANDS, name) ? COMMANDS[name] : undefined;
  if (!command) return usage();
  return `usage: tandemctl ${command.synopsis}\n  ${command.summary}\n\nflags:\n${command.flags.map(flagLine).join('')}`;
}

const CONFIG_HELP = `Each service's URL comes from its flag (--scheduler-url, --failover-url, …), else the environment
(TANDEM_SCHEDULER_URL, TANDEM_FAILOVER_URL, …), else the current context of the config file (--config, TANDEM_CONFIG,
~/.config/tandem/config.yaml), else its default (${SERVICES.map((s) => `${s.name} ${s.defaultUrl}`).join(', ')}):

  current-context: primary        # or --context NAME, TANDEM_CONTEXT
  contexts:
    primary:
      namespace: appns
      scheduler: http://primary.example:8080
      failover: http://primary.example:8081
    dr-site:
      scheduler: http://dr.example:8080
`;
