import { Segment } from './field-path';
import { closest, describeValue, Findings } from './findings';

export type Mapping = Record<string, unknown>;

export const isMapping = (value: unknown): value is Mapping =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

export interface FieldOptions {
  required?: boolean;
  /** What to write, for the fix of a missing or mistyped field: `<name of the ClusterPair>`. */
  example?: string;
}

export interface StringOptions extends FieldOptions {
  pattern?: RegExp;
  /** `a name of lowercase letters, digits and "-"` — what the pattern means, for the message. */
  patternHint?: string;
  allowEmpty?: boolean;
  /** A corrected value to offer when the pattern does not match. */
  suggest?: (value: string) => string;
}

export interface ListOptions extends FieldOptions {
  nonEmpty?: boolean;
  /** What one item is, for "add at least one …". */
  item?: string;
}

/**
 * Reads the fields of one mapping of a document and records a problem for every field that is missing, mistyped
 * or unknown. Every accessor marks its key as known, so `finish()` can report the keys nobody asked for.
 * A YAML `null` (an empty value) counts as absent, as it does for Kubernetes.
 */
export class ObjectReader {
  private readonly known = new Set<string>();
  private readonly ignored = new Set<string>();

  private constructor(
    readonly findings: Findings,
    readonly value: Mapping,
    readonly at: readonly Segment[],
  ) {}

  /** A reader for `value`, or a problem when it is not a mapping. */
  static of(findings: Findings, value: unknown, at: readonly Segment[], what: string): ObjectReader | undefined {
    if (isMapping(value)) return new ObjectReader(findings, value, at);
    const name = at.length ? String(at[at.length - 1]) : 'the document';
    findings.problem(
      at,
      `expected ${what} (a mapping of fields), got ${describeValue(value)}`,
      `write ${typeof at[at.length - 1] === 'number' ? 'the item' : name} as "field: value" lines indented under it`,
    );
    return undefined;
  }

  path(key: string): Segment[] {
    return [...this.at, key];
  }

  /** The value of `key` (undefined when absent or null); marks the key as known. */
  raw(key: string): unknown {
    this.known.add(key);
    const value = this.value[key];
    return value === null ? undefined : value;
  }

  has(key: string): boolean {
    return this.raw(key) !== undefined;
  }

  /** The value of a key that is accepted but not offered in "the fields here are" (Stork-only fields). */
  accept(key: string): unknown {
    this.ignored.add(key);
    const value = this.value[key];
    return value === null ? undefined : value;
  }

  /** Keys accepted and dropped (server-set fields, output-only status). */
  ignore(...keys: string[]): void {
    for (const key of keys) this.ignored.add(key);
  }

  missing(key: string, example = '<value>'): void {
    this.findings.problem(this.path(key), 'required field is missing', `add ${key}: ${example}`);
  }

  string(key: string, options: StringOptions = {}): string | undefined {
    const value = this.raw(key);
    if (value === undefined) {
      if (options.required) this.missing(key, options.example);
      return undefined;
    }
    if (typeof value !== 'string') {
      const fix =
        typeof value === 'number' || typeof value === 'boolean'
          ? `quote it: ${key}: "${String(value)}"`
          : `write ${key} as one string, e.g. ${key}: ${options.example ?? '<text>'}`;
      this.findings.problem(this.path(key), `expected a string, got ${describeValue(value)}`, fix);
      return undefined;
    }
    if (value === '' && !options.allowEmpty) {
      this.findings.problem(this.path(key), 'must not be empty', `give it a value, e.g. ${key}: ${options.example ?? '<text>'}, or remove the field`);
      return undefined;
    }
    if (options.pattern && !options.pattern.test(value)) {
      this.findings.problem(
        this.path(key),
        `"${value}" is not ${options.patternHint ?? `in the expected form`}`,
        `write it in that form, e.g. ${key}: ${options.suggest?.(value) ?? options.example ?? '<text>'}`,
      );
      return undefined;
    }
    return value;
  }

  boolean(key: string, options: FieldOptions = {}): boolean | undefined {
    const value = this.raw(key);
    if (value === undefined) {
      if (options.required) this.missing(key, options.example ?? 'true');
      return undefined;
    }
    if (typeof value !== 'boolean') {
      this.findings.problem(
        this.path(key),
        `expected true or false, got ${describeValue(value)}`,
        `write ${key}: true or ${key}: false, without quotes`,
      );
      return undefined;
    }
    return value;
  }

  integer(key: string, options: FieldOptions & { min?: number } = {}): number | undefined {
    const value = this.raw(key);
    if (value === undefined) {
      if (options.required) this.missing(key, options.example ?? '1');
      return undefined;
    }
    if (typeof value === 'number' && Number.isInteger(value)) {
      if (options.min !== undefined && value < options.min) {
        this.findings.problem(this.path(key), `${value} is less than ${options.min}`, `write ${key}: ${options.min} or more`);
        return undefined;
      }
      return value;
    }
    const fix =
      typeof value === 'string' && /^-?\d+$/.test(value.trim())
        ? `remove the quotes: ${key}: ${value.trim()}`
        : `write ${key} as a whole number without quotes, e.g. ${key}: ${options.example ?? '1'}`;
    this.findings.problem(this.path(key), `expected a whole number, got ${describeValue(value)}`, fix);
    return undefined;
  }

  /** A list, items unchecked (the caller reads each at `[...path(key), i]`). */
  list(key: string, options: ListOptions = {}): unknown[] | undefined {
    const value = this.raw(key);
    if (value === undefined) {
      if (options.required) this.missing(key, options.example ?? `[<${options.item ?? 'item'}>]`);
      return undefined;
    }
    if (!Array.isArray(value)) {
      this.findings.problem(
        this.path(key),
        `expected a list, got ${describeValue(value)}`,
        `write each ${options.item ?? 'item'} on its own "- " line under ${key}:`,
      );
      return undefined;
    }
    if (options.nonEmpty && value.length === 0) {
      this.findings.problem(this.path(key), 'the list is empty', `add at least one ${options.item ?? 'item'}`);
      return undefined;
    }
    return value;
  }

  stringList(key: string, options: ListOptions & { itemPattern?: RegExp; itemHint?: string } = {}): string[] | undefined {
    const value = this.raw(key);
    if (typeof value === 'string') {
      this.findings.problem(
        this.path(key),
        `expected a list of strings, got ${describeValue(value)}`,
        `write it as a list: ${key}: [${JSON.stringify(value)}], or "- ${value}" on its own line under ${key}:`,
      );
      return undefined;
    }
    const items = this.list(key, options);
    if (items === undefined) return undefined;
    const out: string[] = [];
    let ok = true;
    items.forEach((item, i) => {
      const at = [...this.path(key), i];
      if (typeof item !== 'string' || item === '') {
        ok = false;
        const fix = typeof item === 'number' || typeof item === 'boolean' ? `quote it: "${String(item)}"` : `write one ${options.item ?? 'string'} per item`;
        this.findings.problem(at, `expected ${options.item ? `a ${options.item}` : 'a string'}, got ${describeValue(item)}`, fix);
      } else if (options.itemPattern && !options.itemPattern.test(item)) {
        ok = false;
        this.findings.problem(at, `"${item}" is not ${options.itemHint ?? 'in the expected form'}`, `correct it, e.g. ${options.example ?? '<text>'}`);
      } else out.push(item);
    });
    return ok ? out : undefined;
  }

  stringMap(key: string, options: FieldOptions & { nonEmpty?: boolean } = {}): Record<string, string> | undefined {
    const value = this.raw(key);
    if (value === undefined) {
      if (options.required) this.missing(key, options.example ?? '{app: myapp}');
      return undefined;
    }
    if (!isMapping(value)) {
      this.findings.problem(
        this.path(key),
        `expected a map of strings (key: value), got ${describeValue(value)}`,
        `write one "key: value" line per entry under ${key}:, e.g. ${options.example ?? 'app: myapp'}`,
      );
      return undefined;
    }
    if (options.nonEmpty && Object.keys(value).length === 0) {
      this.findings.problem(this.path(key), 'must have at least one entry', `add one, e.g. ${key}: ${options.example ?? '{app: myapp}'}`);
      return undefined;
    }
    const out: Record<string, string> = {};
    let ok = true;
    for (const [k, v] of Object.entries(value)) {
      if (typeof v === 'string') out[k] = v;
      else {
        ok = false;
        const fix = typeof v === 'number' || typeof v === 'boolean' ? `quote it: ${k}: "${String(v)}"` : `write ${k} as one string`;
        this.findings.problem([...this.path(key), k], `expected a string, got ${describeValue(v)}`, fix);
      }
    }
    return ok ? out : undefined;
  }

  /** A nested mapping's reader, or a problem (when required and absent, or not a mapping). */
  child(key: string, what: string, options: FieldOptions = {}): ObjectReader | undefined {
    const value = this.raw(key);
    if (value === undefined) {
      if (options.required) this.missing(key, options.example ?? '{...}');
      return undefined;
    }
    return ObjectReader.of(this.findings, value, this.path(key), what);
  }

  /** Reports every key present but never read (or ignored) as unknown, with the nearest known field. */
  finish(): void {
    const documented = [...this.known].filter((k) => !this.ignored.has(k));
    for (const key of Object.keys(this.value)) {
      if (this.known.has(key) || this.ignored.has(key)) continue;
      const suggestion = closest(key, documented);
      const fields = documented.length ? `the fields here are ${documented.join(', ')}` : 'this mapping takes no fields';
      this.findings.problem(
        this.path(key),
        `unknown field "${key}"`,
        suggestion ? `did you mean ${suggestion}? (${fields})` : `remove it; ${fields}`,
      );
    }
  }
}
