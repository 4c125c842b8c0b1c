import { Segment } from './field-path';

/** A problem found at a field, before it is placed in a document. */
export interface FieldProblem {
  segments: Segment[];
  message: string;
  fix: string;
}

/** Collects every problem and warning of one document: validation never stops at the first. */
export class Findings {
  readonly problems: FieldProblem[] = [];
  readonly warnings: FieldProblem[] = [];

  problem(segments: readonly Segment[], message: string, fix: string): void {
    this.problems.push({ segments: [...segments], message, fix });
  }

  warn(segments: readonly Segment[], message: string, fix: string): void {
    this.warnings.push({ segments: [...segments], message, fix });
  }

  get ok(): boolean {
    return this.problems.length === 0;
  }
}

/** How a value looks to the person who wrote it, for "expected …, got …". */
export function describeValue(value: unknown): string {
  if (value === null || value === undefined) return 'nothing';
  if (Array.isArray(value)) return 'a list';
  if (typeof value === 'object') return 'a mapping';
  const text = JSON.stringify(value);
  return text.length > 60 ? `${text.slice(0, 57)}..."` : text;
}

/** The closest of `candidates` to `word` (case-insensitive match or at most 2 edits), for "did you mean". */
export function closest(word: string, candidates: Iterable<string>): string | undefined {
  let best: string | undefined;
  let bestDistance = 3;
  for (const candidate of candidates) {
    if (candidate.toLowerCase() === word.toLowerCase()) return candidate;
    const distance = editDistance(word.toLowerCase(), candidate.toLowerCase());
    if (distance < bestDistance) {
      best = candidate;
      bestDistance = distance;
    }
  }
  return best;
}

function editDistance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) {
      current[j] = Math.min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1));
    }
    previous = current;
  }
  return previous[b.length];
}
