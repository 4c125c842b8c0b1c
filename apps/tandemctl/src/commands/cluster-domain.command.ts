import { stringify } from 'yaml';
import { CommandError, UsageError } from '../cli/cli-errors';
import type { ClusterDomainView } from '../http/domain.views';
import { activationLines, clusterDomainTable } from '../output/cluster-domain.printer';
import { CommandContext, namesOf, outputOf } from './command-context';

/** The words `get` takes for the cluster domains' status (storkctl's and the plain ones). */
export const CLUSTER_DOMAIN_WORDS: readonly string[] = ['clusterdomainsstatus', 'clusterdomainstatus', 'clusterdomains', 'clusterdomain', 'cds'];

/** `get clusterdomainsstatus [NAME]`: storkctl's table, or the views as JSON or YAML. */
export async function getClusterDomains(ctx: CommandContext): Promise<number> {
  const [name] = namesOf(ctx.args, 'get', 0, 1);
  const format = outputOf(ctx.args, 'get');
  const failover = ctx.failover();
  const domains = name !== undefined ? [await failover.getDomain(name)] : await failover.listDomains();
  if (format === 'json') ctx.io.out(name !== undefined ? `${JSON.stringify(domains[0], null, 2)}\n` : `${JSON.stringify({ items: domains }, null, 2)}\n`);
  else if (format === 'yaml') ctx.io.out(stringify(name !== undefined ? domains[0] : { items: domains }));
  else if (domains.length === 0) ctx.io.err('no cluster domains\n');
  else ctx.io.out(clusterDomainTable(domains, ctx.io.now(), format === 'wide'));
  return 0;
}

const DEFAULT_WAIT_S = 120;
const POLL_MS = 250;

/**
 * `activate|deactivate clusterdomain NAME [--wait [--timeout SECONDS]]` at the failover service; and
 * `activate|deactivate migration -n NS` at the migration service (storkctl's way to start or stop the migrated
 * applications of a namespace on this site).
 */
export async function switchCommand(ctx: CommandContext, action: 'activate' | 'deactivate'): Promise<number> {
  const word = ctx.args.positionals[1]?.toLowerCase();
  if (word === 'clusterdomain' || word === 'clusterdomains' || word === 'cd') return switchDomain(ctx, action);
  if (word === 'migration' || word === 'migrations') return switchApplications(ctx, action);
  throw new UsageError(`${action} needs what: ${action} clusterdomain NAME, or ${action} migration -n NAMESPACE${word ? ` (got "${word}")` : ''}`, action);
}

async function switchDomain(ctx: CommandContext, action: 'activate' | 'deactivate'): Promise<number> {
  const [name] = namesOf(ctx.args, action, 1, 1) as [string];
  if (ctx.args.values.has('timeout') && !ctx.args.switches.has('wait')) throw new UsageError('--timeout bounds --wait: give --wait too', action);
  const timeoutS = timeoutOf(ctx, action);
  const failover = ctx.failover();
  const answer = await failover.switchDomain(name, action);
  const d = answer.domain;
  ctx.io.out(
    answer.changed
      ? `cluster domain ${name} ${action}d (epoch ${answer.previousEpoch ?? d.epoch - 1} → ${d.epoch})\n`
      : `cluster domain ${name} was already ${action === 'activate' ? 'active' : 'inactive'} (epoch ${d.epoch}); nothing changed\n`,
  );
  if (!ctx.args.switches.has('wait')) return 0;
  return waitForEpoch(ctx, name, d.epoch, d.active, timeoutS);
}

/**
 * Waits until every agent of the domain that is heard reports holding `epoch`. A domain none of whose agents is
 * heard (Unknown: a site that is down) is done once it shows the new state: there is no agent to wait for, and its
 * agents take the epoch from the bus when they come back.
 */
async function waitForEpoch(ctx: CommandContext, name: string, epoch: number, active: boolean, timeoutS: number): Promise<number> {
  const failover = ctx.failover();
  const deadline = Date.now() + timeoutS * 1000;
  let said = '';
  for (;;) {
    const d: ClusterDomainView = await failover.getDomain(name);
    const behind = d.agents.filter((a) => a.epoch < epoch);
    if (d.active === active && (d.syncStatus === 'Unknown' || (d.agents.length > 0 && behind.length === 0))) {
      ctx.io.out(
        d.agents.length > 0 && d.syncStatus !== 'Unknown'
          ? `cluster domain ${name}: ${d.agents.length}/${d.agents.length} agents hold epoch ${epoch}; ${d.state}, ${d.syncStatus}\n`
          : `cluster domain ${name}: ${d.state}; no agent of it is heard (Unknown): they take epoch ${epoch} when they are back\n`,
      );
      return 0;
    }
    const progress = `waiting for the agents of ${name} to hold epoch ${epoch}: ${d.agents.length - behind.length}/${d.agents.length}${behind.length ? ` (behind: ${behind.map((a) => `${a.node}@${a.epoch}`).join(', ')})` : ''}\n`;
    if (progress !== said) ctx.io.err(progress);
    said = progress;
    if (Date.now() >= deadline) {
      throw new CommandError(
        `gave up waiting after ${timeoutS}s: ${behind.length ? `agents ${behind.map((a) => `${a.node} (epoch ${a.epoch})`).join(', ')} do not hold epoch ${epoch} yet` : `no agent of ${name} reported yet`}; ` +
          `the domain is ${d.state} — check the agents are running and reach the bus, then tandemctl get clusterdomainsstatus`,
      );
    }
    await new Promise((resolve) => setTimeout(resolve, POLL_MS));
  }
}

function timeoutOf(ctx: CommandContext, command: string): number {
  const raw = ctx.args.values.get('timeout');
  if (raw === undefined) return DEFAULT_WAIT_S;
  const n = Number(raw.replace(/s$/, ''));
  if (!Number.isFinite(n) || n <= 0) throw new UsageError(`--timeout ${raw}: expected a number of seconds above 0, e.g. --timeout 60`, command);
  return n;
}

async function switchApplications(ctx: CommandContext, action: 'activate' | 'deactivate'): Promise<number> {
  const extra = ctx.args.positionals.slice(2);
  if (extra.length > 0) throw new UsageError(`${action} migration takes no name (it switches the applications of the namespace): got ${extra.join(' ')}; give -n NAMESPACE`, action);
  if (ctx.args.switches.has('wait') || ctx.args.values.has('timeout')) throw new UsageError(`--wait and --timeout are for ${action} clusterdomain`, action);
  const answer = await ctx.migration().switchApplications(action, [ctx.config.namespace]);
  ctx.io.out(activationLines(answer));
  const failed = answer.namespaces.flatMap((n) => n.workloads).filter((w) => w.outcome === 'failed');
  return failed.length > 0 ? 1 : 0;
}
