import { formatDuration } from '@tandem/resources';
import type { PodActionReport, RulePhase } from './rule-report';

/** How much of each output stream a report keeps. */
export const TAIL_CHARS = 4096;
/** How much of a command's output a failure sentence quotes. */
const GIST_CHARS = 600;
const COMMAND_CHARS = 80;

/** Names one action of one rule in failure sentences, the way validation names the field. */
export interface ActionPlace {
  phase: RulePhase;
  /** `namespace/name` */
  rule: string;
  item: number;
  action: number;
  command: string;
}

/** `pre rule appns/pg-lock rules[0].actions[1] (psql -c CHECKPOINT)` */
export function describeAction(place: ActionPlace): string {
  return `${place.phase} rule ${place.rule} rules[${place.item}].actions[${place.action}] (${shorten(place.command, COMMAND_CHARS)})`;
}

/** `app=pg,tier=db`, as kubectl writes a selector. */
export function describeSelector(selector: Record<string, string>): string {
  return Object.entries(selector)
    .map(([key, value]) => `${key}=${value}`)
    .join(',');
}

/** The last `chars` characters of a command's output. */
export function tail(text: string, chars = TAIL_CHARS): string {
  return text.length <= chars ? text : `…${text.slice(-chars)}`;
}

/** The end of what a command printed, on one line, for a sentence: stderr if it said anything, else stdout. */
export function outputGist(output: { stdoutTail: string; stderrTail: string }): string {
  const text = output.stderrTail.trim() === '' ? output.stdoutTail : output.stderrTail;
  const line = text
    .split('\n')
    .map((part) => part.trim())
    .filter((part) => part !== '')
    .join(' | ');
  return line === '' ? 'no output' : `output: ${tail(line, GIST_CHARS)}`;
}

/** Why one pod's run failed, e.g. `pod web-1 exited with 3 after 3 attempts (output: …)`. */
export function describePodFailure(report: PodActionReport, timeoutMs: number): string {
  const tries = report.attempts === 1 ? '' : ` after ${report.attempts} attempts`;
  const gist = outputGist(report);
  if (report.outcome === 'timed-out') return `pod ${report.pod} was still running after the action's timeout of ${formatDuration(timeoutMs)}${tries}, and was stopped (${gist})`;
  if (report.exitCode === null) return `pod ${report.pod} did not finish the command${tries} (${gist})`;
  return `pod ${report.pod} exited with ${report.exitCode}${tries} (${gist})`;
}

function shorten(text: string, chars: number): string {
  const line = text.replace(/\s+/g, ' ').trim();
  return line.length <= chars ? line : `${line.slice(0, chars - 1)}…`;
}
