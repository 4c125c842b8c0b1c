/**
 * One thing wrong with a document: where (`path`, e.g. `daily.time` or `namespaces[2]`), what is wrong
 * (`problem`, quoting the value seen) and what to do about it (`fix`).
 */
export interface ValidationIssue {
  path: string;
  problem: string;
  fix: string;
}

/** The outcome of validating a document: the typed value (defaults filled in), or every problem found at once. */
export type Validation<T> = { ok: true; value: T } | { ok: false; issues: ValidationIssue[] };

/** One line per issue: `- daily.time: "25:00" is not a time of day. Fix: write it as …`. */
export function formatIssues(issues: readonly ValidationIssue[]): string {
  return issues.map((i) => `- ${i.path || '(document)'}: ${i.problem} Fix: ${i.fix}`).join('\n');
}

/** A value as it appears in a message: JSON, shortened. */
export function shown(value: unknown): string {
  if (value === undefined) return 'nothing';
  const text = JSON.stringify(value);
  if (text === undefined) return typeof value;
  return text.length > 60 ? `${text.slice(0, 57)}...` : text;
}
