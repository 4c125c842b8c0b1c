import { stringify } from 'yaml';
import { CommandError, UsageError } from '../cli/cli-errors';
import type { FailoverRequest, FailoverView } from '../http/failover.views';
import { endLines, failoverTable, stageLine } from '../output/failover.printer';
import { CommandContext, inNamespace, namesOf, namespaceOf, outputOf } from './command-context';

/** The words `get` takes for failovers. */
export const FAILOVER_WORDS: readonly string[] = ['failovers', 'failover', 'fo'];

const POLL_MS = 250;
/** How long the coordinator may take to start the failover the failover service accepted. */
const START_WAIT_MS = 60_000;
const LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;

/** `failover` makes the site it is run against take the application over; `failback` is the same, back to the primary. */
export type FailoverWord = 'failover' | 'failback';

function namespaceList(ctx: CommandContext, key: 'includeNamespaces' | 'excludeNamespaces', flag: string, word: FailoverWord): string[] | undefined {
  const raw = ctx.args.values.get(key);
  if (raw === undefined) return undefined;
  const names = raw.split(',').map((n) => n.trim());
  const bad = names.filter((n) => n.length > 63 || !LABEL.test(n));
  if (names.length === 0 || bad.length > 0) {
    throw new UsageError(`${flag} ${raw}: ${bad.map((b) => `"${b}"`).join(', ') || 'no namespace'} is not a namespace name; give them comma-separated, e.g. ${flag} shop,shop-db`, word);
  }
  return names;
}

/**
 * `failover -m SCHEDULE [-n NS] [--include-namespaces a,b] [--exclude-namespaces c] [--skip-source-operations]
 * [--no-wait]`: the failover service starts it; then (unless --no-wait) the coordinator's view of it is followed,
 * each new stage printed, until it ends. Exit 0 only when it succeeded.
 */
export function failoverCommand(ctx: CommandContext): Promise<number> {
  return startFailover(ctx, 'failover');
}

/**
 * `failback -m REVERSE-SCHEDULE [-n NS] …`, run against the primary once it is back and in sync: the same failover,
 * of the application the reverse schedule (DR site → primary) protects, to the primary: the DR site is stopped
 * cleanly, a last migration moves its last writes, it is fenced, the primary's domain is activated again and the
 * application started there.
 */
export function failbackCommand(ctx: CommandContext): Promise<number> {
  return startFailover(ctx, 'failback');
}

async function startFailover(ctx: CommandContext, word: FailoverWord): Promise<number> {
  const extra = ctx.args.positionals.slice(1);
  if (extra.length > 0) throw new UsageError(`${word} takes no name (the migration schedule is given with -m): got ${extra.join(' ')}`, word);
  const schedule = ctx.args.values.get('migrationSchedule');
  if (schedule === undefined) {
    throw new UsageError(
      word === 'failover'
        ? 'failover needs the migration schedule protecting the application: failover -m SCHEDULE [-n NAMESPACE]'
        : 'failback needs the reverse migration schedule (from the DR site back to this site) protecting the application: failback -m SCHEDULE [-n NAMESPACE]',
      word,
    );
  }
  const includeNamespaces = namespaceList(ctx, 'includeNamespaces', '--include-namespaces', word);
  const excludeNamespaces = namespaceList(ctx, 'excludeNamespaces', '--exclude-namespaces', word);
  const request: FailoverRequest = {
    namespace: ctx.config.namespace,
    migrationSchedule: schedule,
    ...(includeNamespaces ? { includeNamespaces } : {}),
    ...(excludeNamespaces ? { excludeNamespaces } : {}),
    skipSourceOperations: ctx.args.switches.has('skipSourceOperations'),
  };
  const started = await ctx.failover().startFailover(request);
  const namespace = started.namespace ?? request.namespace;
  ctx.io.out(
    `${word} ${namespace}/${started.name} started` +
      (started.sourceDomain && started.destinationDomain ? `: ${started.sourceDomain} → ${started.destinationDomain}` : '') +
      (started.namespaces?.length ? ` (namespaces ${started.namespaces.join(', ')})` : '') +
      '\n',
  );
  if (ctx.args.switches.has('noWait')) {
    ctx.io.out(`follow it with: tandemctl get failover ${started.name} -n ${namespace}\n`);
    return 0;
  }
  const ended = await follow(ctx, namespace, started.name, word);
  ctx.io.out(endLines(ended, word));
  return ended.status === 'Successful' ? 0 : 1;
}

async function follow(ctx: CommandContext, namespace: string, name: string, word: FailoverWord): Promise<FailoverView> {
  const coordinator = ctx.coordinator();
  const startBy = Date.now() + START_WAIT_MS;
  let said = '';
  for (;;) {
    const view = await coordinator.findFailover(namespace, name);
    if (view === undefined && Date.now() >= startBy) {
      throw new CommandError(
        `the coordinator has not started ${word} ${namespace}/${name} after ${START_WAIT_MS / 1000}s: check that the coordinator runs and reaches the bus; the ${word} starts once it does (tandemctl get failover ${name} -n ${namespace})`,
      );
    }
    if (view !== undefined) {
      if (view.status !== 'InProgress') return view;
      const line = stageLine(view);
      if (line !== said) ctx.io.out(line);
      said = line;
    }
    await new Promise((resolve) => setTimeout(resolve, POLL_MS));
  }
}

/** `get failovers [NAME]`: the table, or the coordinator's views as JSON or YAML. */
export async function getFailovers(ctx: CommandContext): Promise<number> {
  const [name] = namesOf(ctx.args, 'get', 0, 1);
  if (name !== undefined && ctx.args.switches.has('allNamespaces')) throw new UsageError('a name is looked up in one namespace: give -n NAMESPACE, not -A', 'get');
  const format = outputOf(ctx.args, 'get');
  const coordinator = ctx.coordinator();
  const namespace = namespaceOf(ctx);
  const failovers = name !== undefined ? [await coordinator.getFailover(ctx.config.namespace, name)] : await coordinator.listFailovers(namespace);
  if (format === 'json') ctx.io.out(name !== undefined ? `${JSON.stringify(failovers[0], null, 2)}\n` : `${JSON.stringify({ items: failovers }, null, 2)}\n`);
  else if (format === 'yaml') ctx.io.out(stringify(name !== undefined ? failovers[0] : { items: failovers }));
  else if (failovers.length === 0) ctx.io.err(`no failovers ${inNamespace(namespace)}\n`);
  else ctx.io.out(failoverTable(failovers, { wide: format === 'wide', withNamespace: namespace === undefined }));
  return 0;
}
