import { DR_KINDS, type DrKind } from '@tandem/resources';
import { CommandError, UsageError } from '../cli/cli-errors';
import { didYouMean } from '../cli/nearest';

/** The words a person may write for each kind, as kubectl and storkctl take them (any case). */
const ALIASES: Record<DrKind, readonly string[]> = {
  SchedulePolicy: ['schedulepolicy', 'schedulepolicies', 'sp'],
  MigrationSchedule: ['migrationschedule', 'migrationschedules', 'ms'],
  Migration: ['migration', 'migrations'],
  ClusterPair: ['clusterpair', 'clusterpairs', 'cp'],
  Rule: ['rule', 'rules'],
};

/** What `get` shows besides the kinds: the protected applications and their RPO (the replication service's). */
export const APPLICATION_WORDS: readonly string[] = ['applications', 'application', 'apps', 'app', 'rpo'];

/** storkctl's words for things that are not kinds in Tandem, and the service that will answer them. */
const OTHER_WORDS: Record<string, string> = {
};

const WORD_KIND = new Map<string, DrKind>(DR_KINDS.flatMap((kind) => [[kind.toLowerCase(), kind] as const, ...ALIASES[kind].map((a) => [a, kind] as const)]));
const ALL_WORDS = [...WORD_KIND.keys(), ...Object.keys(OTHER_WORDS)];

/**
 * The kind a word names (`sp`, `migrationschedules`, `SchedulePolicy` …); a usage error with the nearest word
 * otherwise. `also` are other words the command takes (suggested on a typo).
 */
export function kindOf(word: string | undefined, command: string, also: readonly string[] = []): DrKind {
  if (word === undefined) throw new UsageError(`${command} needs a kind: ${[...DR_KINDS.map((k) => ALIASES[k][0]), ...also.slice(0, 1)].join(', ')}`, command);
  const kind = WORD_KIND.get(word.toLowerCase());
  if (kind) return kind;
  const other = Object.hasOwn(OTHER_WORDS, word.toLowerCase()) ? OTHER_WORDS[word.toLowerCase()] : undefined;
  if (other) throw new CommandError(`not served yet by this Tandem: ${other}, which this tandemctl cannot reach yet`);
  throw new UsageError(`unknown kind "${word}"${didYouMean(word.toLowerCase(), [...ALL_WORDS, ...also])}`, command);
}

/** `schedulepolicy`: how kubectl prints a kind before `/name`. */
export const kindWord = (kind: string): string => kind.toLowerCase();

/** `kind/name` as kubectl prints it. */
export const refOf = (r: { kind: string; metadata: { name: string } }): string => `${kindWord(r.kind)}/${r.metadata.name}`;
