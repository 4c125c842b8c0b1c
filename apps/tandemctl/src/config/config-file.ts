import { readFileSync } from 'node:fs';
import { parse } from 'yaml';
import { CommandError } from '../cli/cli-errors';
import { didYouMean } from '../cli/nearest';
import { SERVICES, ServiceName } from './services';

/**
 * `~/.config/tandem/config.yaml`: one context per site, like kubectl's kubeconfig.
 *
 *     current-context: primary
 *     contexts:
 *       primary:
 *         namespace: appns
 *         scheduler: http://primary.example:8080
 *       dr-site:
 *         scheduler: http://dr.example:8080
 */
export interface ConfigFile {
  path: string;
  currentContext?: string;
  contexts: Record<string, ContextEntry>;
}

export interface ContextEntry {
  namespace?: string;
  urls: Partial<Record<ServiceName, string>>;
}

const SERVICE_NAMES: readonly string[] = SERVICES.map((s) => s.name);
const CONTEXT_KEYS = ['namespace', ...SERVICE_NAMES];

/** Reads the file; undefined when it does not exist and was not asked for by name. */
export function loadConfigFile(path: string, required: boolean): ConfigFile | undefined {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT' && !required) return undefined;
    throw new CommandError(`cannot read the config file ${path}: ${(error as Error).message}`);
  }
  return parseConfigFile(path, text);
}

export function parseConfigFile(path: string, text: string): ConfigFile {
  const bad = (where: string, what: string): CommandError => new CommandError(`config file ${path}: ${where}: ${what}`);
  let root: unknown;
  try {
    root = parse(text);
  } catch (error) {
    throw bad('not YAML', (error as Error).message.split('\n')[0] as string);
  }
  if (root === null || root === undefined) return { path, contexts: {} };
  if (!isMapping(root)) throw bad('the top level', 'expected a mapping with current-context and contexts');
  for (const key of Object.keys(root)) {
    if (key !== 'current-context' && key !== 'contexts') throw bad(key, `unknown field${didYouMean(key, ['current-context', 'contexts'])}`);
  }
  const current = root['current-context'];
  if (current !== undefined && typeof current !== 'string') throw bad('current-context', 'expected the name of a context');
  const contexts: Record<string, ContextEntry> = {};
  const written = root['contexts'] ?? {};
  if (!isMapping(written)) throw bad('contexts', 'expected a mapping of context names to {namespace, scheduler: <url>}');
  for (const [name, entry] of Object.entries(written)) contexts[name] = readContext(entry, `contexts.${name}`, bad);
  return { path, ...(current !== undefined ? { currentContext: current } : {}), contexts };
}

function readContext(entry: unknown, where: string, bad: (where: string, what: string) => CommandError): ContextEntry {
  if (entry === null) return { urls: {} };
  if (!isMapping(entry)) throw bad(where, `expected a mapping with ${CONTEXT_KEYS.join(', ')}`);
  const context: ContextEntry = { urls: {} };
  for (const [key, value] of Object.entries(entry)) {
    if (!CONTEXT_KEYS.includes(key)) throw bad(`${where}.${key}`, `unknown field${didYouMean(key, CONTEXT_KEYS)} (a context has ${CONTEXT_KEYS.join(', ')})`);
    if (typeof value !== 'string') throw bad(`${where}.${key}`, `expected a string, got ${JSON.stringify(value)}`);
    if (key === 'namespace') context.namespace = value;
    else context.urls[key as ServiceName] = value;
  }
  return context;
}

const isMapping = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);
