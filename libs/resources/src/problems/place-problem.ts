import { formatPath, Segment } from './field-path';
import { FieldProblem } from './findings';
import { ResourceProblem } from './resource-problem';

export interface ProblemPlace {
  document?: number;
  kind?: string;
  name?: string;
  /** Line and column of a field in the YAML text, when there is one. */
  locate?: (segments: readonly Segment[]) => { line: number; column: number } | undefined;
}

/** A field problem as the person reads it: which document, which resource, which field, where in the text. */
export function placeProblem(problem: FieldProblem, place: ProblemPlace): ResourceProblem {
  const position = place.locate?.(problem.segments);
  return {
    ...(place.document === undefined ? {} : { document: place.document }),
    ...(place.kind === undefined ? {} : { kind: place.kind }),
    ...(place.name === undefined ? {} : { name: place.name }),
    path: formatPath(problem.segments),
    ...(position ?? {}),
    message: problem.message,
    fix: problem.fix,
  };
}

/** The kind and name a document claims, for naming it in problems even when it is wrong elsewhere. */
export function claimedIdentity(document: unknown): { kind?: string; name?: string } {
  if (typeof document !== 'object' || document === null || Array.isArray(document)) return {};
  const { kind, metadata } = document as { kind?: unknown; metadata?: unknown };
  const name = typeof metadata === 'object' && metadata !== null ? (metadata as { name?: unknown }).name : undefined;
  return {
    ...(typeof kind === 'string' ? { kind } : {}),
    ...(typeof name === 'string' ? { name } : {}),
  };
}
