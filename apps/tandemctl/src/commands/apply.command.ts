import { formatProblem, parseResourceDocuments, parseSecretDocuments, type ResourceProblem } from '@tandem/resources';
import { UsageError } from '../cli/cli-errors';
import { APPLY_ORDER, KIND_SERVICE, SECRET_SERVICE, ServiceName, serviceTitle } from '../config/services';
import type { AppliedResource, ResourcesAnswer } from '../http/protect.views';
import { ServiceAnswerError } from '../http/service-errors';
import { countOf, formatProblems } from '../output/problems.printer';
import { keepDocuments, numberResources, renumberProblems } from '../resources/document-groups';
import { kindWord } from '../resources/kinds';
import type { CommandContext } from './command-context';
import { existingOf } from './existing-resources';
import { readInput } from './read-input';

/**
 * `apply -f FILE` (and `create -f`): reads Stork or Tandem documents, and the Opaque `v1 Secret`s that
 * `generate clusterpair` prints beside a pair, checks every one here first (nothing is sent while any has a
 * problem), then sends each kind to the service that keeps it — Secrets and cluster pairs to the failover service
 * (in one request, the Secrets applied first), rules to the snapshot service, policies and schedules to the
 * scheduler, one-off migrations to the coordinator — each service all or nothing. Prints
 * `kind/name created|configured|unchanged` per document, like kubectl. `create` refuses (and sends nothing) when
 * any resource already exists; a Secret is applied either way, and the output says so when it existed.
 */
export async function applyCommand(ctx: CommandContext, mode: 'apply' | 'create'): Promise<number> {
  const { args, config, io } = ctx;
  const done = mode === 'create' ? 'created' : 'applied';
  const file = args.values.get('filename');
  if (!file) throw new UsageError(`${mode} needs -f FILE (or -f - to read stdin)`, mode);
  if (args.positionals.length > 1) throw new UsageError(`${mode} takes its documents from -f, not ${args.positionals.slice(1).join(' ')}`, mode);
  const { source, text } = await readInput(file, io);

  const options = { defaultNamespace: config.namespace };
  const parsed = parseResourceDocuments(text, options);
  const core = parseSecretDocuments(text, options);
  const problems = inDocumentOrder([...parsed.problems.filter((p) => p.document === undefined || !core.coreDocuments.has(p.document)), ...core.problems]);
  if (problems.length > 0) {
    io.err(`error: ${source}: ${countOf(problems.length, 'problem')}; nothing was ${done}\n`);
    io.err(formatProblems(source, problems));
    return 1;
  }
  if (parsed.resources.length === 0 && core.secrets.length === 0) {
    io.err(`error: ${source} holds no documents\n`);
    return 1;
  }
  const entries: DocumentEntry[] = [
    ...numberResources(text, parsed.resources, core.coreDocuments).map(({ document, resource }) => ({
      document,
      kind: resource.kind,
      name: resource.metadata.name,
      service: KIND_SERVICE[resource.kind],
    })),
    ...core.secrets.map(({ document, secret }) => ({ document, kind: 'Secret', name: secret.metadata.name, service: SECRET_SERVICE })),
  ];
  const groups = groupByService(entries);

  if (mode === 'create') {
    const existing = await existingOf(ctx, parsed.resources);
    if (existing.length > 0) {
      io.err(existing.map((r) => `${kindWord(r.kind)}/${r.metadata.name} already exists\n`).join(''));
      io.err(`error: nothing was created; use tandemctl apply -f ${file} to change what exists\n`);
      return 1;
    }
  }

  const applied: string[] = [];
  for (const [i, group] of groups.entries()) {
    // One service only: the text goes unchanged. Several: each gets the file with the others' documents blanked,
    // so that the lines and document numbers a service names in a problem are the file's.
    const body = groups.length === 1 ? text : keepDocuments(text, new Set(group.documents.map((d) => d.document)));
    let answer: ResourcesAnswer;
    try {
      answer = await send(ctx, group.service, body);
    } catch (error) {
      const notSent = groups.slice(i).flatMap((g) => g.documents.map(refOfEntry));
      const outcome = applied.length === 0 ? `nothing was ${done}` : `${notSent.join(', ')} ${notSent.length === 1 ? 'was' : 'were'} not ${done} (the documents printed above were)`;
      if (error instanceof ServiceAnswerError && error.body.problems?.length) {
        const problems = groups.length === 1 ? error.body.problems : renumberProblems(text, error.body.problems);
        io.err(`error: the ${serviceTitle(group.service)} refused ${source}: ${countOf(problems.length, 'problem')}; ${outcome}\n`);
        io.err(formatProblems(source, problems));
        return 1;
      }
      if (applied.length > 0) io.err(`${outcome}\n`);
      throw error;
    }
    const warnings = groups.length === 1 ? (answer.warnings ?? []) : renumberProblems(text, answer.warnings ?? []);
    for (const warning of warnings) io.err(`warning: ${formatProblem(warning)}\n`);
    for (const a of answer.applied) {
      const note = mode === 'create' && a.kind === 'Secret' && a.action !== 'created' ? ' (it existed: create applies Secrets rather than refusing them)' : '';
      io.out(`${kindWord(a.kind)}/${a.name} ${a.action}${note}\n`);
      applied.push(`${kindWord(a.kind)}/${a.name}`);
      const notReady = notReadyOf(a);
      if (notReady) io.err(`warning: ${kindWord(a.kind)}/${a.name} is ${notReady}\n`);
    }
  }
  return 0;
}

/** One document of the file: its number, what it is, and the service that takes it. */
export interface DocumentEntry {
  document: number;
  kind: string;
  name: string;
  service: ServiceName;
}

interface ServiceGroup {
  service: ServiceName;
  documents: DocumentEntry[];
}

const refOfEntry = (d: DocumentEntry): string => `${kindWord(d.kind)}/${d.name}`;

/** The documents of each service, in the order the services are sent to, each in file order. */
export function groupByService(documents: readonly DocumentEntry[]): ServiceGroup[] {
  return APPLY_ORDER.map((service) => ({ service, documents: documents.filter((d) => d.service === service).sort((a, b) => a.document - b.document) })).filter(
    (g) => g.documents.length > 0,
  );
}

function inDocumentOrder(problems: readonly ResourceProblem[]): ResourceProblem[] {
  return [...problems].sort((a, b) => (a.document ?? 0) - (b.document ?? 0) || (a.line ?? 0) - (b.line ?? 0));
}

function send(ctx: CommandContext, service: ServiceName, body: string): Promise<ResourcesAnswer> {
  const namespace = ctx.config.namespace;
  switch (service) {
    case 'failover':
      return ctx.failover().apply(body, namespace);
    case 'snapshot':
      return ctx.snapshot().apply(body, namespace);
    case 'scheduler':
      return ctx.scheduler().apply(body, namespace);
    case 'coordinator':
      return ctx.coordinator().apply(body, namespace);
    default:
      throw new Error(`no kind is applied through the ${service}`);
  }
}

/** `NotReady: the destination … ; …` for a cluster pair the failover service found not ready; undefined otherwise. */
function notReadyOf(a: AppliedResource): string | undefined {
  const status = a.status;
  if (status === undefined) return undefined;
  const state = typeof status === 'string' ? status : status.state;
  if (state === undefined || state === 'Ready') return undefined;
  const reason = typeof status === 'string' ? undefined : status.reason;
  return `${state}${reason ? `: ${reason}` : ''}`;
}
