import type { ResourceProblem } from '@tandem/resources';

/**
 * Every problem, compiler style, so that an editor can jump to it and a person sees what and how to fix:
 *
 *     policy.yaml:9:5: document 1, SchedulePolicy "bad-policy", field policy.daily.time
 *       "25:00" is not a time of day
 *       fix: write a time of day, e.g. "10:14PM"
 */
export function formatProblems(source: string, problems: readonly ResourceProblem[]): string {
  return problems.map((p) => formatOne(source, p)).join('');
}

function formatOne(source: string, p: ResourceProblem): string {
  const position = p.line === undefined ? source : `${source}:${p.line}:${p.column ?? 1}`;
  const what = [
    p.document !== undefined ? `document ${p.document}` : undefined,
    [p.kind, p.name === undefined ? undefined : `"${p.name}"`].filter(Boolean).join(' ') || undefined,
    p.path ? `field ${p.path}` : undefined,
  ].filter(Boolean);
  return `${position}: ${what.join(', ') || 'the request'}\n  ${p.message}\n  fix: ${p.fix}\n`;
}

/** `2 problems` / `1 problem`. */
export const countOf = (n: number, noun: string): string => `${n} ${noun}${n === 1 ? '' : 's'}`;
