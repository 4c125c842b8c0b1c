import { join } from 'node:path';
import { type ParsedArgv, SERVICE_URL_FLAG } from '../cli/argv';
import { CommandError, UsageError } from '../cli/cli-errors';
import type { ConfigFile } from './config-file';
import { SERVICES, ServiceName, serviceEnv } from './services';

export type Env = Readonly<Record<string, string | undefined>>;

/** A service's URL and where it came from, so that an error can say what to change. */
export interface Endpoint {
  service: ServiceName;
  url: string;
  /** `--scheduler-url`, `TANDEM_SCHEDULER_URL`, `context "primary" of <file>` or `the default`. */
  source: string;
}

/** What a command runs with: flags first, then the environment, then the config file's context, then defaults. */
export interface TandemctlConfig {
  configPath: string;
  configFound: boolean;
  context?: string;
  /** The namespace of namespaced kinds: `-n`, else the context's, else `default`. */
  namespace: string;
  endpoints: Record<ServiceName, Endpoint>;
  requestTimeoutMs: number;
}

/** `--config`, else `TANDEM_CONFIG`, else `$XDG_CONFIG_HOME/tandem/config.yaml` (`~/.config/…`). */
export function configPathOf(args: ParsedArgv, env: Env, home: string): { path: string; explicit: boolean } {
  const given = args.values.get('config') ?? env['TANDEM_CONFIG'];
  if (given) return { path: given, explicit: true };
  return { path: join(env['XDG_CONFIG_HOME'] || join(home, '.config'), 'tandem', 'config.yaml'), explicit: false };
}

export function resolveConfig(args: ParsedArgv, env: Env, file: ConfigFile | undefined, configPath: string): TandemctlConfig {
  const contextName = args.values.get('context') ?? env['TANDEM_CONTEXT'] ?? file?.currentContext;
  const context = contextName === undefined ? undefined : file?.contexts[contextName];
  if (contextName !== undefined && !context) {
    const known = Object.keys(file?.contexts ?? {});
    throw new CommandError(
      `no context "${contextName}" in ${configPath}` + (known.length ? ` (it has ${known.map((k) => `"${k}"`).join(', ')})` : file ? ' (it has no contexts)' : ' (the file does not exist)'),
    );
  }
  const fromContext = `context "${contextName}" of ${configPath}`;
  const endpoints = {} as Record<ServiceName, Endpoint>;
  for (const service of SERVICES) {
    const flag = args.values.get(SERVICE_URL_FLAG[service.name]);
    const envValue = env[serviceEnv(service.name)];
    const contextValue = context?.urls[service.name];
    const [url, source] =
      flag !== undefined
        ? [flag, `--${service.name}-url`]
        : envValue
          ? [envValue, serviceEnv(service.name)]
          : contextValue !== undefined
            ? [contextValue, fromContext]
            : [service.defaultUrl, 'the default'];
    endpoints[service.name] = { service: service.name, url: checkUrl(url, source), source };
  }
  return {
    configPath,
    configFound: file !== undefined,
    ...(contextName !== undefined ? { context: contextName } : {}),
    namespace: args.values.get('namespace') ?? context?.namespace ?? 'default',
    endpoints,
    requestTimeoutMs: timeoutOf(args.values.get('requestTimeout')),
  };
}

function checkUrl(url: string, source: string): string {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw new CommandError(`${JSON.stringify(url)} (from ${source}) is not a URL; write it as http://host:port`);
  }
  if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') throw new CommandError(`${url} (from ${source}) is not an http:// or https:// URL`);
  return url.replace(/\/+$/, '');
}

function timeoutOf(value: string | undefined): number {
  if (value === undefined) return 30_000;
  const seconds = Number(value.replace(/s$/, ''));
  if (!Number.isFinite(seconds) || seconds <= 0) throw new UsageError(`--request-timeout: expected a number of seconds, got ${JSON.stringify(value)}`);
  return Math.round(seconds * 1000);
}
