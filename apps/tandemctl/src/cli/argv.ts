import type { ServiceName } from '../config/services';
import { UsageError } from './cli-errors';
import { didYouMean } from './nearest';

/** A flag: its long name, its one-letter name, and the placeholder of its value (a switch has none). */
export interface FlagDef {
  long: string;
  short?: string;
  value?: string;
  help: string;
}

/** Every flag tandemctl knows, by key; each command says which it takes. */
export const FLAGS = {
  namespace: { long: '--namespace', short: '-n', value: 'NAMESPACE', help: 'the namespace (default: the context\'s, else "default")' },
  allNamespaces: { long: '--all-namespaces', short: '-A', help: 'every namespace' },
  output: { long: '--output', short: '-o', value: 'table|wide|yaml|json', help: 'output format (default table)' },
  filename: { long: '--filename', short: '-f', value: 'FILE', help: 'a YAML file of Stork or Tandem documents, - for stdin' },
  schedule: { long: '--schedule', value: 'NAME', help: 'only the migrations of this MigrationSchedule' },
  context: { long: '--context', value: 'NAME', help: 'the context of the config file to use (default: its current-context)' },
  config: { long: '--config', value: 'FILE', help: 'the config file (default $TANDEM_CONFIG, else ~/.config/tandem/config.yaml)' },
  requestTimeout: { long: '--request-timeout', value: 'SECONDS', help: 'give up on a service after this long (default 30)' },
  wait: { long: '--wait', help: "activate|deactivate clusterdomain: wait until the domain's agents hold the new epoch" },
  timeout: { long: '--timeout', value: 'SECONDS', help: 'how long --wait waits (default 120)' },
  migrationSchedule: { long: '--migration-schedule', short: '-m', value: 'NAME', help: 'failover: the MigrationSchedule protecting the application; failback: the reverse one (DR site → primary)' },
  includeNamespaces: { long: '--include-namespaces', value: 'A,B', help: "failover, failback: only these of the schedule's namespaces" },
  excludeNamespaces: { long: '--exclude-namespaces', value: 'A,B', help: "failover, failback: all of the schedule's namespaces but these" },
  skipSourceOperations: { long: '--skip-source-operations', help: 'failover, failback: do nothing on the source (it is gone, or stopped by hand): fence it and activate here' },
  noWait: { long: '--no-wait', help: 'failover, failback: start it and return, without following it' },
  help: { long: '--help', short: '-h', help: 'this help' },
  /** One per service of SERVICES (`--<service>-url`). */
  schedulerUrl: { long: '--scheduler-url', value: 'URL', help: "the scheduler's HTTP API (default http://127.0.0.1:8080)" },
  failoverUrl: { long: '--failover-url', value: 'URL', help: "the failover service's HTTP API (default http://127.0.0.1:8081)" },
  snapshotUrl: { long: '--snapshot-url', value: 'URL', help: "the snapshot service's HTTP API (default http://127.0.0.1:8082)" },
  replicationUrl: { long: '--replication-url', value: 'URL', help: "the replication service's HTTP API (default http://127.0.0.1:8083)" },
  migrationUrl: { long: '--migration-url', value: 'URL', help: "the migration service's HTTP API (default http://127.0.0.1:8084)" },
  coordinatorUrl: { long: '--coordinator-url', value: 'URL', help: "the coordinator's HTTP API (default http://127.0.0.1:8085)" },
} satisfies Record<string, FlagDef>;

export type FlagKey = keyof typeof FLAGS;

/** The flag that gives each service's URL. */
export const SERVICE_URL_FLAG: Record<ServiceName, FlagKey> = {
  scheduler: 'schedulerUrl',
  failover: 'failoverUrl',
  snapshot: 'snapshotUrl',
  replication: 'replicationUrl',
  migration: 'migrationUrl',
  coordinator: 'coordinatorUrl',
};

export interface ParsedArgv {
  positionals: string[];
  /** The value of each valued flag given (the last one wins), `''` never stands for a switch. */
  values: Map<FlagKey, string>;
  switches: Set<FlagKey>;
  /** The flags as written, to say which one a command does not take. */
  written: Map<FlagKey, string>;
}

const BY_NAME = new Map<string, FlagKey>(
  (Object.entries(FLAGS) as [FlagKey, FlagDef][]).flatMap(([key, def]) => [[def.long, key] as const, ...(def.short ? [[def.short, key] as const] : [])]),
);
const ALL_NAMES = [...BY_NAME.keys()];

/**
 * Reads `argv` the way kubectl does: flags anywhere, `--flag value`, `--flag=value`, `-n value`, `-nvalue`, and
 * `--` ending the flags. An unknown flag is refused with the nearest known one, so that a typo never does
 * something else quietly.
 */
export function parseArgv(argv: readonly string[]): ParsedArgv {
  const parsed: ParsedArgv = { positionals: [], values: new Map(), switches: new Set(), written: new Map() };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i] as string;
    if (arg === '--') {
      parsed.positionals.push(...argv.slice(i + 1));
      break;
    }
    if (!arg.startsWith('-') || arg === '-') {
      parsed.positionals.push(arg);
      continue;
    }
    const { name, inline } = splitFlag(arg);
    const key = BY_NAME.get(name);
    if (!key) throw new UsageError(`unknown flag ${name}${didYouMean(name, ALL_NAMES)}`);
    const def: FlagDef = FLAGS[key];
    parsed.written.set(key, name);
    if (!def.value) {
      if (inline !== undefined) throw new UsageError(`${name} takes no value (got ${arg})`);
      parsed.switches.add(key);
      continue;
    }
    const value = inline ?? argv[++i];
    if (value === undefined || (inline === undefined && value.startsWith('-') && value !== '-')) {
      throw new UsageError(`${name} needs a value: ${name} ${def.value}`);
    }
    parsed.values.set(key, value);
  }
  return parsed;
}

/** `--output=yaml` → name and value; `-nappns` (a one-letter flag with its value attached) too. */
function splitFlag(arg: string): { name: string; inline?: string } {
  const eq = arg.indexOf('=');
  if (eq > 0) return { name: arg.slice(0, eq), inline: arg.slice(eq + 1) };
  if (!arg.startsWith('--') && arg.length > 2) {
    const short = arg.slice(0, 2);
    const key = BY_NAME.get(short);
    const def: FlagDef | undefined = key ? FLAGS[key] : undefined;
    if (def?.value) return { name: short, inline: arg.slice(2) };
  }
  return { name: arg };
}

/** Refuses the flags a command does not take, naming the ones it does. */
export function checkFlags(parsed: ParsedArgv, command: string, allowed: readonly FlagKey[]): void {
  for (const [key, written] of parsed.written) {
    if (!allowed.includes(key)) {
      const takes = allowed.map((k) => FLAGS[k].long);
      throw new UsageError(`${command} does not take ${written}${didYouMean(written, takes)}`, command);
    }
  }
}
