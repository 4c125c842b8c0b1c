import { resolve } from 'node:path';
import { stringify } from 'yaml';
import { createLogger } from '@tandem/observability';
import { createLabSite, type KubeObject, LabPlatform, LabSiteServer, type ObjectRef, type Platform, type ResourceType, apiVersionOf, stopLabSite } from '@tandem/platform';
import { applyFile } from './lab-site.apply';
import { type CliArgs, UsageError, parseDuration, parseLabels } from './cli-args';

export type Out = (text: string) => void;

function siteDir(args: CliArgs): string {
  const dir = args.positionals[0];
  if (!dir) throw new UsageError('name the site directory');
  return resolve(dir);
}

export async function createCommand(args: CliArgs, out: Out): Promise<number> {
  const initialMs = args.options.has('--backoff') ? parseDuration(args.options.get('--backoff') as string) : undefined;
  const config = await createLabSite(siteDir(args), {
    ...(args.options.has('--name') ? { name: args.options.get('--name') as string } : {}),
    ...(initialMs !== undefined ? { restartBackoff: { initialMs, maxMs: Math.max(initialMs, parseDuration(args.options.get('--max-backoff') ?? '300s')) } } : {}),
  });
  out(`lab site ${config.name} created in ${siteDir(args)} (node ${config.node}); serve it with: lab-site serve ${siteDir(args)}\n`);
  return 0;
}

/** Runs the server in the foreground until SIGTERM or SIGINT. */
export async function serveCommand(args: CliArgs, out: Out): Promise<number> {
  const stopPods = args.switches.has('--stop-pods');
  const log = createLogger('lab-site', { sink: process.stdout });
  const server = await LabSiteServer.start(siteDir(args), { port: Number(args.options.get('--port') ?? 0), log });
  out(`lab site ${server.site.name} served at ${server.url} (pid ${process.pid})\n`);
  await new Promise<void>((done) => {
    const stop = (signal: string): void => {
      out(`${signal}: stopping the server${stopPods ? ' and every pod' : '; pods keep running and are re-adopted by the next serve'}\n`);
      done();
    };
    process.once('SIGTERM', () => stop('SIGTERM'));
    process.once('SIGINT', () => stop('SIGINT'));
  });
  await server.close({ stopPods });
  return 0;
}

export async function stopCommand(args: CliArgs, out: Out): Promise<number> {
  const result = await stopLabSite(siteDir(args), { keepPods: args.switches.has('--keep-pods') });
  out(`${result.server ? `server ${result.server} stopped` : 'no server was running'}; ${result.pods.length} pod process(es) stopped\n`);
  return 0;
}

export async function applyCommand(args: CliArgs, out: Out): Promise<number> {
  const file = args.options.get('-f') ?? args.options.get('--filename');
  if (!file) throw new UsageError('apply needs -f <file.yaml> (or -f - for stdin)');
  return withPlatform(args, async (platform) => {
    const failed = await applyFile(platform, { file: file === '-' ? '-' : resolve(file), namespace: args.options.get('-n') ?? args.options.get('--namespace'), fieldManager: args.options.get('--field-manager') ?? 'lab-site', force: args.switches.has('--force-conflicts'), dryRun: args.switches.has('--dry-run') }, out);
    return failed === 0 ? 0 : 1;
  });
}

export async function getCommand(args: CliArgs, out: Out): Promise<number> {
  const what = args.positionals[1];
  if (!what) throw new UsageError('get needs a kind, e.g. get <dir> pods');
  return withPlatform(args, async (platform) => {
    const type = await resolveType(platform, what);
    const name = args.positionals[2];
    const namespace = type.namespaced ? (args.switches.has('-A') ? undefined : (args.options.get('-n') ?? 'default')) : undefined;
    const objects = name
      ? [await platform.get({ apiVersion: apiVersionOf(type), kind: type.kind, name, ...(namespace ? { namespace } : {}) })].filter((o): o is KubeObject => o !== undefined)
      : await platform.list(type, { ...(namespace ? { namespace } : {}), ...(args.options.has('-l') ? { labelSelector: { matchLabels: parseLabels(args.options.get('-l') as string) } } : {}) });
    if (name && objects.length === 0) {
      out(`${type.kind} ${name} not found\n`);
      return 1;
    }
    const format = args.options.get('-o');
    if (format === 'yaml') out(objects.map((o) => stringify(o, { lineWidth: 0 })).join('---\n'));
    else if (format === 'json') out(`${JSON.stringify(objects.length === 1 && name ? objects[0] : objects, null, 2)}\n`);
    else out(table(objects, namespace === undefined && type.namespaced));
    return 0;
  });
}

export async function deleteCommand(args: CliArgs, out: Out): Promise<number> {
  return withPlatform(args, async (platform) => {
    const ref = await refFromArgs(platform, args);
    out(`${ref.kind} ${ref.name} ${(await platform.delete(ref)) ? 'deleted' : 'not found'}\n`);
    return 0;
  });
}

export async function scaleCommand(args: CliArgs, out: Out): Promise<number> {
  const replicas = Number(args.options.get('--replicas'));
  if (!Number.isInteger(replicas) || replicas < 0) throw new UsageError('scale needs --replicas <n>');
  return withPlatform(args, async (platform) => {
    const ref = await refFromArgs(platform, args);
    await platform.scale(ref, replicas);
    out(`${ref.kind} ${ref.name} scaled to ${replicas}\n`);
    return 0;
  });
}

export async function statusCommand(args: CliArgs, out: Out): Promise<number> {
  return withPlatform(args, async (platform) => {
    const status = await platform.workloadStatus(await refFromArgs(platform, args));
    out(`desired ${status.desired}, current ${status.current}, ready ${status.ready}\n`);
    return 0;
  });
}

export async function execCommand(args: CliArgs, out: Out): Promise<number> {
  if (args.rest.length === 0) throw new UsageError('exec needs a command after --');
  const selector = args.options.get('-l');
  if (!selector) throw new UsageError('exec needs -l key=value to select pods');
  return withPlatform(args, async (platform) => {
    const results = await platform.exec({
      namespace: args.options.get('-n') ?? 'default',
      podSelector: { matchLabels: parseLabels(selector) },
      command: args.rest,
      single: args.switches.has('--single'),
      timeoutMs: parseDuration(args.options.get('--timeout') ?? '60s'),
      ...(args.options.has('-c') ? { container: args.options.get('-c') as string } : {}),
    });
    for (const result of results) {
      out(`--- ${result.pod}: ${result.timedOut ? 'timed out' : `exit ${result.exitCode}`}\n${result.stdout}`);
      if (result.stderr) process.stderr.write(result.stderr);
    }
    return results.length > 0 && results.every((r) => r.exitCode === 0) ? 0 : 1;
  });
}

export async function volumesCommand(args: CliArgs, out: Out): Promise<number> {
  return withPlatform(args, async (platform) => {
    for (const binding of await platform.volumesFor(args.options.get('-n') ?? 'default')) {
      out(`${binding.claim.name}\t${binding.volumeName ?? '-'}\t${binding.path ?? `(${binding.unavailableReason})`}\n`);
    }
    return 0;
  });
}

async function withPlatform(args: CliArgs, run: (platform: Platform) => Promise<number>): Promise<number> {
  const platform = await LabPlatform.open(siteDir(args));
  try {
    return await run(platform);
  } finally {
    await platform.close();
  }
}

/** A kind as kubectl takes it: Kind, plural or singular, optionally with `.group` (`deployments.apps`). */
const SHORT_NAMES: Record<string, string> = {
  po: 'pods', svc: 'services', deploy: 'deployments', sts: 'statefulsets', ds: 'daemonsets', rs: 'replicasets', cm: 'configmaps',
  sa: 'serviceaccounts', pvc: 'persistentvolumeclaims', pv: 'persistentvolumes', ns: 'namespaces', ing: 'ingresses', netpol: 'networkpolicies',
  pdb: 'poddisruptionbudgets', cj: 'cronjobs', crd: 'customresourcedefinitions', sc: 'storageclasses', ev: 'events', ep: 'endpoints',
};

async function resolveType(platform: Platform, what: string): Promise<ResourceType> {
  const lower = SHORT_NAMES[what.toLowerCase()] ?? what.toLowerCase();
  const types = await platform.discover();
  const type = types.find((t) => [t.kind.toLowerCase(), t.plural, t.plural.replace(/s$/, '')].some((n) => lower === n || lower === `${n}.${t.group}`));
  if (!type) throw new UsageError(`the site serves no type "${what}"`);
  return type;
}

async function refFromArgs(platform: Platform, args: CliArgs): Promise<ObjectRef> {
  const [, kind, name] = args.positionals;
  if (!kind || !name) throw new UsageError('name the kind and the object, e.g. deployment web');
  const type = await resolveType(platform, kind);
  return { apiVersion: apiVersionOf(type), kind: type.kind, name, ...(type.namespaced ? { namespace: args.options.get('-n') ?? 'default' } : {}) };
}

function table(objects: KubeObject[], withNamespace: boolean): string {
  const rows = objects.map((o) => [...(withNamespace ? [o.metadata.namespace ?? ''] : []), o.metadata.name, summary(o), age(o.metadata.creationTimestamp)]);
  const header = [...(withNamespace ? ['NAMESPACE'] : []), 'NAME', 'STATUS', 'AGE'];
  const all = [header, ...rows];
  const widths = header.map((_, i) => Math.max(...all.map((row) => (row[i] ?? '').length)));
  return all.map((row) => row.map((cell, i) => (cell ?? '').padEnd(widths[i] as number)).join('   ').trimEnd()).join('\n') + '\n';
}

function summary(object: KubeObject): string {
  const status = (object['status'] ?? {}) as Record<string, unknown>;
  const spec = (object['spec'] ?? {}) as Record<string, unknown>;
  if (object.kind === 'Pod') {
    const container = ((status['containerStatuses'] as Record<string, unknown>[] | undefined) ?? [])[0] ?? {};
    const waiting = (container['state'] as { waiting?: { reason?: string } } | undefined)?.waiting?.reason;
    return `${waiting ?? String(status['phase'] ?? '')} restarts=${String(container['restartCount'] ?? 0)}${object.metadata.deletionTimestamp ? ' (terminating)' : ''}`;
  }
  if (typeof spec['replicas'] === 'number') return `ready ${Number(status['readyReplicas'] ?? 0)}/${spec['replicas']}`;
  return typeof status['phase'] === 'string' ? status['phase'] : '';
}

function age(created: string | undefined): string {
  if (!created) return '';
  const seconds = Math.max(0, Math.round((Date.now() - Date.parse(created)) / 1000));
  return seconds < 120 ? `${seconds}s` : seconds < 7200 ? `${Math.round(seconds / 60)}m` : `${Math.round(seconds / 3600)}h`;
}
