/** The environment a config is read from: `process.env` by default, any plain object in tests. */
export type Env = Readonly<Record<string, string | undefined>>;

export type ReadResult<T> = { ok: true; value: T } | { ok: false; problem: string };

/** One environment variable: its name and how to read it. Made by `env.*`, read by `readConfig`. */
export interface ConfigVar<T> {
  readonly name: string;
  read(source: Env): ReadResult<T>;
}

export type ConfigSpec = Record<string, ConfigVar<unknown>>;
export type ConfigOf<S extends ConfigSpec> = { [K in keyof S]: S[K] extends ConfigVar<infer T> ? T : never };

interface Common<T> {
  /** Used when the variable is not set (an empty value counts as not set). */
  default?: T;
  /** Hide the value in error messages (passwords, tokens). */
  secret?: boolean;
}
type Optional = { optional: true };

/** Thrown by `readConfig` with every problem found, one per line. */
export class ConfigError extends Error {
  constructor(readonly problems: readonly string[]) {
    super(
      `Invalid configuration (${problems.length} problem${problems.length === 1 ? '' : 's'}):\n` +
        problems.map((p) => `  - ${p}`).join('\n') +
        '\nSet these environment variables correctly and start the process again.',
    );
    this.name = 'ConfigError';
  }
}

/**
 * Reads every variable of `spec` from `source` and returns the typed values, or throws one `ConfigError` that lists
 * all bad variables, the value seen and what is expected, e.g. `TANDEM_HTTP_PORT="abc": expected an integer from 1 to 65535`.
 */
export function readConfig<S extends ConfigSpec>(spec: S, source: Env = process.env): ConfigOf<S> {
  const values: Record<string, unknown> = {};
  const problems: string[] = [];
  for (const [key, variable] of Object.entries(spec)) {
    const result = variable.read(source);
    if (result.ok) values[key] = result.value;
    else problems.push(result.problem);
  }
  if (problems.length > 0) throw new ConfigError(problems);
  return values as ConfigOf<S>;
}

function variable<T>(
  name: string,
  expected: string,
  parse: (raw: string) => T | undefined,
  options: Common<T> & { optional?: boolean },
): ConfigVar<T | undefined> {
  return {
    name,
    read(source) {
      const raw = source[name];
      if (raw === undefined || raw === '') {
        if (options.default !== undefined) return { ok: true, value: options.default };
        if (options.optional) return { ok: true, value: undefined };
        return { ok: false, problem: `${name} is not set: expected ${expected}` };
      }
      const value = parse(raw);
      if (value !== undefined) return { ok: true, value };
      const seen = options.secret ? '<hidden>' : JSON.stringify(raw);
      return { ok: false, problem: `${name}=${seen}: expected ${expected}` };
    },
  };
}

interface IntOptions extends Common<number> {
  min?: number;
  max?: number;
}

function intExpectation({ min, max }: IntOptions): string {
  if (min !== undefined && max !== undefined) return `an integer from ${min} to ${max}`;
  if (min !== undefined) return `an integer of at least ${min}`;
  if (max !== undefined) return `an integer of at most ${max}`;
  return 'an integer';
}

interface UrlOptions extends Common<string> {
  /** Accepted protocols, with or without the colon: `['nats', 'tls']`, `['http:', 'https:']`. */
  protocols: readonly string[];
}

const TRUE = ['true', '1', 'yes', 'on'];
const FALSE = ['false', '0', 'no', 'off'];

function str(name: string, options: Common<string> & Optional): ConfigVar<string | undefined>;
function str(name: string, options?: Common<string>): ConfigVar<string>;
function str(name: string, options: Common<string> & { optional?: boolean } = {}): ConfigVar<string | undefined> {
  return variable(name, 'a non-empty string', (raw) => raw, options);
}

function int(name: string, options: IntOptions & Optional): ConfigVar<number | undefined>;
function int(name: string, options?: IntOptions): ConfigVar<number>;
function int(name: string, options: IntOptions & { optional?: boolean } = {}): ConfigVar<number | undefined> {
  return variable(
    name,
    intExpectation(options),
    (raw) => {
      if (!/^[-+]?\d+$/.test(raw.trim())) return undefined;
      const value = Number(raw.trim());
      if (!Number.isSafeInteger(value)) return undefined;
      if (options.min !== undefined && value < options.min) return undefined;
      if (options.max !== undefined && value > options.max) return undefined;
      return value;
    },
    options,
  );
}

function url(name: string, options: UrlOptions & Optional): ConfigVar<string | undefined>;
function url(name: string, options: UrlOptions): ConfigVar<string>;
function url(name: string, options: UrlOptions & { optional?: boolean }): ConfigVar<string | undefined> {
  const protocols = options.protocols.map((p) => (p.endsWith(':') ? p : `${p}:`));
  const example = `${protocols[0] ?? 'http:'}//host:port`;
  return variable(
    name,
    `a URL with protocol ${protocols.join(' or ')} (e.g. ${example})`,
    (raw) => {
      try {
        return protocols.includes(new URL(raw.trim()).protocol) ? raw.trim() : undefined;
      } catch {
        return undefined;
      }
    },
    options,
  );
}

function bool(name: string, options: Common<boolean> & Optional): ConfigVar<boolean | undefined>;
function bool(name: string, options?: Common<boolean>): ConfigVar<boolean>;
function bool(name: string, options: Common<boolean> & { optional?: boolean } = {}): ConfigVar<boolean | undefined> {
  return variable(
    name,
    'true or false (or 1/0, yes/no, on/off)',
    (raw) => {
      const text = raw.trim().toLowerCase();
      if (TRUE.includes(text)) return true;
      if (FALSE.includes(text)) return false;
      return undefined;
    },
    options,
  );
}

function oneOf<const V extends string>(name: string, values: readonly V[], options: Common<V> & Optional): ConfigVar<V | undefined>;
function oneOf<const V extends string>(name: string, values: readonly V[], options?: Common<V>): ConfigVar<V>;
function oneOf<const V extends string>(name: string, values: readonly V[], options: Common<V> & { optional?: boolean } = {}): ConfigVar<V | undefined> {
  return variable(name, `one of ${values.join(', ')}`, (raw) => values.find((v) => v === raw.trim()), options);
}

/**
 * Typed readers of environment variables. Each may take `default` (used when unset or empty), `optional: true`
 * (then the value may be undefined) and `secret: true` (the value is never shown in errors).
 */
export const env = { str, int, url, bool, enum: oneOf };
