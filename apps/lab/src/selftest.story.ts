import { mkdir, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { readSpansFile } from '@tandem/observability';
import {
  freePort,
  NatsServerHandle,
  PostgresCluster,
  ServiceProcess,
  startNatsServer,
  startPostgresCluster,
  startServiceProcess,
  waitFor,
} from '@tandem/testing';
import type { LabConfig } from './config';
import { createLabDatabases } from './lab-databases';
import { renderTrace } from './trace.printer';

/**
 * `npm run lab -- selftest`: brings up a control plane on this machine (Postgres and NATS JetStream started for it
 * when none are configured), runs the control-plane self-test saga through a coordinator and an agent, and prints
 * the saga's trace and result.
 */
const out = (text: string) => process.stdout.write(text);

interface SagaView {
  id: string;
  phase: string;
  state: { outputs: Record<string, unknown>; failure?: string };
  log: { seq: number; type: string; at: string; step?: string; action?: string; attempt?: number; reason?: string }[];
}

export async function runSelfTestStory(config: LabConfig): Promise<number> {
  const cleanups: (() => Promise<unknown>)[] = [];
  try {
    await rm(join(config.labDir, 'run'), { recursive: true, force: true });
    await mkdir(join(config.labDir, 'run'), { recursive: true });
    const spansFile = join(config.labDir, 'run', 'spans.jsonl');

    let pgUrl = config.databaseUrl;
    if (!pgUrl) {
      out('starting PostgreSQL (a throwaway cluster under the lab directory) ...\n');
      const cluster: PostgresCluster = await startPostgresCluster(join(config.labDir, 'postgres'));
      cleanups.push(() => cluster.stop());
      pgUrl = cluster.url;
    }
    const dbs = await createLabDatabases(pgUrl, ['coordinator', 'agent']);

    let natsUrl = config.natsUrl;
    if (!natsUrl) {
      out('starting NATS JetStream ...\n');
      const nats: NatsServerHandle = await startNatsServer({ storeDir: join(config.labDir, 'run', 'nats'), name: 'tandem-lab' });
      cleanups.push(() => nats.stop());
      natsUrl = nats.url;
    }

    const common = { TANDEM_NATS_URL: natsUrl, TANDEM_BUS_PREFIX: 'tandem-lab', TANDEM_HTTP_HOST: '127.0.0.1', TANDEM_SPANS_FILE: spansFile, TANDEM_LOG_LEVEL: 'warn' };
    const start = async (name: 'coordinator' | 'agent', port: number, extra: Record<string, string> = {}): Promise<ServiceProcess> => {
      out(`starting ${name} on http://127.0.0.1:${port} ...\n`);
      const svc = await startServiceProcess({
        name,
        entry: `apps/${name}/src/main.ts`,
        env: { ...common, ...extra, TANDEM_DATABASE_URL: dbs[name]!, TANDEM_HTTP_PORT: String(port) },
        readyUrl: `http://127.0.0.1:${port}/readyz`,
        logFile: join(config.labDir, 'run', `${name}.log`),
      });
      cleanups.push(() => svc.stop());
      return svc;
    };
    await start('agent', await freePort(), { TANDEM_AGENT_DOMAIN: 'primary', TANDEM_AGENT_DATA_DIR: join(config.labDir, 'run', 'agent') });
    const coordPort = await freePort();
    await start('coordinator', coordPort);
    const api = `http://127.0.0.1:${coordPort}/v1`;

    const input = {
      probe: `lab run at ${new Date().toISOString()}`,
      ...(config.fault === 'none' ? {} : { faults: { report: config.fault } as Record<string, string>, stepTimeoutMs: 2_000, maxAttempts: 2, retryBackoffMs: 500 }),
    };
    out(`\nrunning the self-test saga (${config.fault === 'none' ? 'no fault' : `fault "${config.fault}" injected into the report step`}) ...\n`);
    const res = await fetch(`${api}/sagas`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ saga: 'selftest', input }) });
    if (res.status !== 202) throw new Error(`the coordinator refused the saga: ${res.status} ${await res.text()}`);
    const { id } = (await res.json()) as { id: string };
    const saga = await waitFor(
      async () => {
        const view = (await (await fetch(`${api}/sagas/${id}`)).json()) as SagaView;
        return ['Completed', 'Compensated', 'Failed'].includes(view.phase) ? view : undefined;
      },
      { timeoutMs: 60_000, intervalMs: 100, what: `saga ${id} to finish` },
    );

    const spans = await waitFor(
      () => {
        const all = readSpansFile(spansFile);
        const root = all.find((s) => s.attributes['tandem.saga.id'] === id && s.name === 'saga selftest');
        const inTrace = root ? all.filter((s) => s.traceId === root.traceId) : [];
        return inTrace.some((s) => s.name.startsWith('saga selftest Saga')) ? inTrace : undefined;
      },
      { timeoutMs: 10_000, what: 'the saga trace' },
    );
    out(`\ntrace ${spans[0]!.traceId} (${spans.length} spans, 2 services)\n`);
    out(renderTrace(spans));
    out(`\nsaga ${saga.id}: ${saga.phase}\n`);
    for (const e of saga.log) {
      const what = e.step ? ` ${e.step} ${e.action} #${e.attempt}` : '';
      out(`  ${String(e.seq).padStart(2)}  ${e.at}  ${e.type}${what}${e.reason ? `: ${e.reason}` : ''}\n`);
    }
    if (saga.state.failure) out(`  reason: ${saga.state.failure}\n`);
    out(`  outputs: ${JSON.stringify(saga.state.outputs)}\n`);
    out(`\nlogs and spans are in ${join(config.labDir, 'run')}\n`);
    return saga.phase === (config.fault === 'none' ? 'Completed' : 'Compensated') ? 0 : 1;
  } finally {
    for (const c of cleanups.reverse()) await c().catch(() => undefined);
  }
}
