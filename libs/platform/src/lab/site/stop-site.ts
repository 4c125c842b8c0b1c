import { rm } from 'node:fs/promises';
import { isAlive, signalProcess } from '../kubelet/proc-stat';
import { PodRuntimeStore } from '../kubelet/pod-runtime';
import { sleep, stopProcess } from '../kubelet/process-launcher';
import type { ServerInfo } from '../server/lab-site.server';
import { readJsonFile } from '../util/atomic-file';
import { SiteLayout } from './site-layout';

export interface StopLabSiteResult {
  /** Pid of the server that was stopped, if one was running. */
  server?: number;
  /** Pods whose processes were stopped. */
  pods: string[];
}

/**
 * Stops a site from outside: its server (SIGTERM, SIGKILL after `graceMs`), then, unless `keepPods`, the
 * processes of its pods as the kubelet recorded them (SIGTERM, then SIGKILL to their process groups). The
 * objects stay: serving the site again starts the pods again.
 */
export async function stopLabSite(dir: string, options: { keepPods?: boolean; graceMs?: number } = {}): Promise<StopLabSiteResult> {
  const layout = new SiteLayout(dir);
  const graceMs = options.graceMs ?? 30_000;
  const result: StopLabSiteResult = { pods: [] };
  const info = await readJsonFile<ServerInfo>(layout.serverFile);
  if (info && isAlive(info.pid, info.startTicks) && info.pid !== process.pid) {
    const startTicks = info.startTicks;
    signalProcess(info.pid, 'SIGTERM');
    if (!(await gone(info.pid, startTicks, graceMs))) signalProcess(info.pid, 'SIGKILL');
    await gone(info.pid, startTicks, 10_000);
    result.server = info.pid;
  }
  await rm(layout.serverFile, { force: true });
  if (options.keepPods) return result;
  const running = (await new PodRuntimeStore(layout).loadAll()).filter((record) => record.pid !== undefined && isAlive(record.pid, record.startTicks));
  await Promise.all(
    running.map(async (record) => {
      await stopProcess({ pid: record.pid as number, startTicks: record.startTicks ?? '', exited: () => false }, graceMs);
      result.pods.push(`${record.namespace}/${record.name}`);
    }),
  );
  return result;
}

async function gone(pid: number, startTicks: string | undefined, timeoutMs: number): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (isAlive(pid, startTicks)) {
    if (Date.now() > deadline) return false;
    await sleep(100);
  }
  return true;
}
