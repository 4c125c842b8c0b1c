import { WAIT_PLACEHOLDER } from '@tandem/resources';

/** The two files through which Tandem and a background action's snippet talk, as shell words (with `$HOSTNAME`). */
export interface HoldFiles {
  /** Created by the snippet when the command reaches `${WAIT_CMD}`: "I hold". */
  held: string;
  /** Created by Tandem when the snapshot is taken: "let go". */
  release: string;
}

/**
 * The files of one background action in one pod: unique per run (`runId`), per action (`rules[item].actions[action]`)
 * and per pod (`$HOSTNAME`, expanded in the pod), because `/tmp` may be shared: by the containers of a lab site (pods
 * are local processes) and by runs that overlap. `runId` must already be checked (see `assertRunId`).
 */
export function holdFiles(runId: string, item: number, action: number): HoldFiles {
  const stem = `/tmp/tandem-rule-${runId}-${item}.${action}-$HOSTNAME`;
  return { held: `${stem}.held`, release: `${stem}.release` };
}

/**
 * The POSIX sh that `${WAIT_CMD}` stands for: create the held file, then wait until the release file exists —
 * polling every 0.2 s (every second where `sleep` takes whole seconds only), for at most `holdMs` (whole seconds,
 * rounded up), so that a hold nobody releases ends by itself (saying so on stderr) — then remove both files.
 *
 * It is one line with no quotes, backslashes or shell variables other than `$HOSTNAME`, so that it arrives intact
 * wherever the placeholder sits: directly in the action's command, inside single quotes handed to a program that
 * runs it with a shell (psql's `\!`, mysql's `SYSTEM`), or inside double quotes (where the outer shell expands
 * `$HOSTNAME` to the same value). It counts time with loop words instead of variables for the same reason.
 */
export function waitSnippet(files: HoldFiles, holdMs: number): string {
  const seconds = Math.max(1, Math.ceil(holdMs / 1000));
  const minutes = Math.floor(seconds / 60);
  const rest = seconds % 60;
  // One second: five polls 0.2 s apart, or one poll and `sleep 1` where fractional sleeps fail. `levels` breaks
  // out of every enclosing loop once released.
  const second = (levels: number): string =>
    `for tandem_p in 1 2 3 4 5; do test -e ${files.release} && break ${levels}; sleep 0.2 2>/dev/null || { sleep 1; break; }; done`;
  const loops: string[] = [];
  if (minutes > 0) loops.push(`for tandem_m in ${words(minutes)}; do for tandem_s in ${words(60)}; do ${second(3)}; done; done`);
  if (rest > 0) loops.push(`for tandem_s in ${words(rest)}; do ${second(2)}; done`);
  const expired = `test -e ${files.release} || echo tandem: the hold at WAIT_CMD ended by itself after ${seconds}s as nothing released it >&2`;
  return `touch ${files.held} && { ${loops.join('; ')}; ${expired}; }; rm -f ${files.held} ${files.release}`;
}

/** How many times the command holds the placeholder. */
export function placeholderCount(command: string): number {
  return command.split(WAIT_PLACEHOLDER).length - 1;
}

/** The command with `${WAIT_CMD}` replaced by `snippet` (literally: `$` in the snippet is not a replacement pattern). */
export function substituteWait(command: string, snippet: string): string {
  return command.split(WAIT_PLACEHOLDER).join(snippet);
}

function words(count: number): string {
  return Array.from({ length: count }, () => '1').join(' ');
}
