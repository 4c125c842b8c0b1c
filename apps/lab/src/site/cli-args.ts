/** The command line of `lab-site`: positionals, `--flag value` / `--flag=value` / `-f value` options, and `--` rest. */
export interface CliArgs {
  positionals: string[];
  options: Map<string, string>;
  switches: Set<string>;
  /** Everything after `--` (exec's command). */
  rest: string[];
}

export class UsageError extends Error {}

/**
 * Parses `argv`; `valued` names the options that take a value (`-f`, `--name` …), every other `-x`/`--x` is a
 * switch. Unknown options are refused, so that a typo does not silently do something else.
 */
export function parseArgs(argv: string[], valued: readonly string[], switches: readonly string[]): CliArgs {
  const args: CliArgs = { positionals: [], options: new Map(), switches: new Set(), rest: [] };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i] as string;
    if (arg === '--') {
      args.rest = argv.slice(i + 1);
      break;
    }
    if (!arg.startsWith('-') || arg === '-') {
      args.positionals.push(arg);
      continue;
    }
    const eq = arg.indexOf('=');
    const name = eq > 0 ? arg.slice(0, eq) : arg;
    if (valued.includes(name)) {
      const value = eq > 0 ? arg.slice(eq + 1) : argv[++i];
      if (value === undefined) throw new UsageError(`${name} needs a value`);
      args.options.set(name, value);
    } else if (switches.includes(name) && eq < 0) {
      args.switches.add(name);
    } else {
      throw new UsageError(`unknown option ${name}`);
    }
  }
  return args;
}

/** `30s`, `2m`, `1500ms` or a plain number of seconds, in milliseconds. */
export function parseDuration(text: string): number {
  const match = /^(\d+(?:\.\d+)?)(ms|s|m|h)?$/.exec(text.trim());
  if (!match) throw new UsageError(`not a duration: ${text} (e.g. 30s, 2m, 500ms)`);
  const factor = { ms: 1, s: 1000, m: 60_000, h: 3_600_000 }[match[2] ?? 's'] as number;
  return Math.round(Number(match[1]) * factor);
}

/** `app=web,tier=db` as a label selector's matchLabels. */
export function parseLabels(text: string): Record<string, string> {
  const labels: Record<string, string> = {};
  for (const part of text.split(',').filter(Boolean)) {
    const eq = part.indexOf('=');
    if (eq <= 0) throw new UsageError(`not a label selector: ${text} (use key=value[,key=value])`);
    labels[part.slice(0, eq).trim()] = part.slice(eq + 1).trim();
  }
  return labels;
}
