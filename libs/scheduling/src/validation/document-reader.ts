import { didYouMean } from './did-you-mean';
import { shown, ValidationIssue } from './validation-issue';

export type Fields = Record<string, unknown>;

export const isFields = (value: unknown): value is Fields =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

export const fieldPath = (base: string, key: string | number): string =>
  typeof key === 'number' ? `${base}[${key}]` : base ? `${base}.${key}` : key;

/**
 * Reads an untrusted document field by field and collects every problem instead of stopping at the first.
 * `null` counts as absent (YAML written by Go clients carries `field: null` for unset pointers).
 */
export class DocumentReader {
  readonly issues: ValidationIssue[] = [];

  report(path: string, problem: string, fix: string): void {
    this.issues.push({ path, problem, fix });
  }

  /** Reports `"value" <problem>.` at `path` when `problemOf` finds one. */
  check(path: string, value: string, problemOf: (v: string) => string | undefined, fix: string): void {
    const problem = problemOf(value);
    if (problem) this.report(path, `"${value}" ${problem}.`, fix);
  }

  /** The value as an object, or undefined (and an issue) when it is something else. */
  object(value: unknown, path: string, fix: string): Fields | undefined {
    if (isFields(value)) return value;
    this.report(path, `expected an object, got ${shown(value)}.`, fix);
    return undefined;
  }

  /** Reports each field of `fields` that is not in `known`, with the closest known name when there is one. */
  onlyKnownFields(fields: Fields, path: string, known: readonly string[]): void {
    for (const key of Object.keys(fields)) {
      if (known.includes(key)) continue;
      const guess = didYouMean(key, known);
      this.report(
        fieldPath(path, key),
        'is not a field Tandem knows here.',
        guess ? `did you mean "${guess}"? Rename it.` : `remove it; the fields here are ${known.join(', ')}.`,
      );
    }
  }

  /** A string field. Absent: undefined, and an issue when required. */
  string(fields: Fields, key: string, path: string, opts: { required: boolean; fix: string }): string | undefined {
    const value = fields[key];
    const at = fieldPath(path, key);
    if (value === undefined || value === null) {
      if (opts.required) this.report(at, 'is missing.', opts.fix);
      return undefined;
    }
    if (typeof value !== 'string' || value.length === 0) {
      this.report(at, `expected a non-empty string, got ${shown(value)}.`, opts.fix);
      return undefined;
    }
    return value;
  }

  /** A whole number within [min, max]. Absent: undefined, and an issue when required. */
  integer(
    fields: Fields,
    key: string,
    path: string,
    opts: { required: boolean; min: number; max: number; fix: string },
  ): number | undefined {
    const value = fields[key];
    const at = fieldPath(path, key);
    if (value === undefined || value === null) {
      if (opts.required) this.report(at, 'is missing.', opts.fix);
      return undefined;
    }
    if (typeof value !== 'number' || !Number.isInteger(value) || value < opts.min || value > opts.max) {
      this.report(at, `expected a whole number from ${opts.min} to ${opts.max}, got ${shown(value)}.`, opts.fix);
      return undefined;
    }
    return value;
  }

  /** A boolean with a default for when it is absent. */
  boolean(fields: Fields, key: string, path: string, fallback: boolean): boolean {
    const value = fields[key];
    if (value === undefined || value === null) return fallback;
    if (typeof value === 'boolean') return value;
    const fix = `write true or false (the default is ${fallback}).`;
    this.report(fieldPath(path, key), `expected true or false, got ${shown(value)}.`, fix);
    return fallback;
  }

  /** A list of strings, each checked by `check` (which returns a problem or undefined). */
  stringList(
    fields: Fields,
    key: string,
    path: string,
    opts: {
      required: boolean;
      fix: string;
      check: (item: string) => string | undefined;
      /** The fix for an item that `check` refuses, when it can say more than `fix`. */
      fixFor?: (item: string) => string;
    },
  ): string[] | undefined {
    const value = fields[key];
    const at = fieldPath(path, key);
    if (value === undefined || value === null) {
      if (opts.required) this.report(at, 'is missing.', opts.fix);
      return undefined;
    }
    if (!Array.isArray(value)) {
      this.report(at, `expected a list, got ${shown(value)}.`, opts.fix);
      return undefined;
    }
    const out: string[] = [];
    for (const [i, item] of (value as unknown[]).entries()) {
      const itemAt = fieldPath(at, i);
      const problem = typeof item === 'string' ? opts.check(item) : undefined;
      if (typeof item !== 'string') this.report(itemAt, `expected a string, got ${shown(item)}.`, opts.fix);
      else if (problem) this.report(itemAt, `"${item}" ${problem}.`, opts.fixFor?.(item) ?? opts.fix);
      else if (out.includes(item)) this.report(itemAt, `"${item}" is listed twice.`, 'list it once.');
      else out.push(item);
    }
    return out;
  }

  /** A map of strings to strings, keys and values checked. */
  stringMap(
    fields: Fields,
    key: string,
    path: string,
    opts: { fix: string; checkKey: (k: string) => string | undefined; checkValue: (v: string) => string | undefined },
  ): Record<string, string> | undefined {
    const value = fields[key];
    const at = fieldPath(path, key);
    if (value === undefined || value === null) return undefined;
    if (!isFields(value)) {
      this.report(at, `expected a map of label keys to values, got ${shown(value)}.`, opts.fix);
      return undefined;
    }
    const out: Record<string, string> = {};
    for (const [k, v] of Object.entries(value)) {
      const entryAt = fieldPath(at, k);
      const keyProblem = opts.checkKey(k);
      if (keyProblem) {
        this.report(entryAt, `the key "${k}" ${keyProblem}.`, opts.fix);
        continue;
      }
      if (typeof v !== 'string') {
        this.report(entryAt, `expected a string value, got ${shown(v)}.`, 'quote the value, e.g. "true" or "1".');
        continue;
      }
      const valueProblem = opts.checkValue(v);
      if (valueProblem) {
        this.report(entryAt, `the value "${v}" ${valueProblem}.`, opts.fix);
        continue;
      }
      out[k] = v;
    }
    return out;
  }
}
