/** One thing wrong with a document (or, as a warning, worth knowing), written for the person who wrote it. */
export interface ResourceProblem {
  /** 1-based position of the document in the YAML stream (set by `parseResourceDocuments`). */
  document?: number;
  kind?: string;
  name?: string;
  /** The field, e.g. `spec.template.spec.includeVolumes`; empty for the document as a whole. */
  path: string;
  /** 1-based line and column of the field (or of the YAML error) when read from YAML text. */
  line?: number;
  column?: number;
  /** What is wrong. */
  message: string;
  /** What to do about it. */
  fix: string;
}

/** A validated model, or every problem found (never only the first). Warnings never stop a document. */
export type ValidationResult<T> =
  | { ok: true; value: T; warnings: ResourceProblem[] }
  | { ok: false; problems: ResourceProblem[]; warnings: ResourceProblem[] };

/** `document 2 (MigrationSchedule "nightly"), spec.suspend (line 9, column 12): expected true or false, got "yes". Write …` */
export function formatProblem(problem: ResourceProblem): string {
  const where: string[] = [];
  if (problem.document !== undefined) {
    const what = [problem.kind, problem.name === undefined ? undefined : `"${problem.name}"`].filter(Boolean).join(' ');
    where.push(`document ${problem.document}${what ? ` (${what})` : ''}`);
  } else if (problem.kind !== undefined || problem.name !== undefined) {
    where.push([problem.kind, problem.name === undefined ? undefined : `"${problem.name}"`].filter(Boolean).join(' '));
  }
  const position = problem.line === undefined ? '' : ` (line ${problem.line}, column ${problem.column ?? 1})`;
  if (problem.path) where.push(`${problem.path}${position}`);
  else if (position) where.push(where.length ? `${where.pop()}${position}` : position.trim());
  const prefix = where.length ? `${where.join(', ')}: ` : '';
  const fix = `${problem.fix.charAt(0).toUpperCase()}${problem.fix.slice(1)}`;
  return `${prefix}${problem.message}. ${fix}${/[.?!]$/.test(fix) ? '' : '.'}`;
}
