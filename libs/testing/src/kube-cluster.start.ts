import { X509Certificate } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { type KubeClusterFiles, type KubePorts, etcdArgs, kubeApiServerArgs } from './kube-apiserver.config';
import { KubeChild } from './kube-child.process';
import { kubeRequest } from './kube-https.util';
import { waitFor } from './wait-for.util';

/** The two running processes of a test cluster and what a client needs to trust the API server. */
export interface RunningKubeCluster {
  etcd: KubeChild;
  apiServer: KubeChild;
  url: string;
  caPem: string;
}

export interface KubeClusterLaunch {
  binaries: { etcd: string; kubeApiServer: string };
  ports: KubePorts;
  files: KubeClusterFiles;
  dir: string;
  /** Used to ask /readyz, which the API server answers only to authenticated users once RBAC is up. */
  adminToken: string;
  readyTimeoutMs: number;
}

const ETCD_READY_TIMEOUT_MS = 30_000;

/**
 * Starts etcd, waits until it is healthy, then kube-apiserver, and waits until its /readyz says ok (storage
 * reachable, RBAC bootstrap roles written, every post-start hook done). Kills both on failure; the error quotes
 * the log of the process that failed.
 */
export async function launchKubeCluster(launch: KubeClusterLaunch): Promise<RunningKubeCluster> {
  const { binaries, ports, files, dir } = launch;
  const etcd = new KubeChild('etcd', binaries.etcd, etcdArgs(ports, files.etcdDataDir), join(dir, 'etcd.log'), dir);
  const etcdUrl = `http://127.0.0.1:${ports.etcdClient}`;
  try {
    await waitFor(() => etcdHealthy(etcdUrl), {
      what: `etcd to report itself healthy at ${etcdUrl}/health`,
      timeoutMs: ETCD_READY_TIMEOUT_MS,
      intervalMs: 100,
      signal: etcd.gone,
    });
  } catch (error) {
    await etcd.kill();
    throw new Error(`etcd (${binaries.etcd}) did not become ready: ${(error as Error).message}\n${await etcd.logTail()}`);
  }

  const url = `https://127.0.0.1:${ports.apiServer}`;
  const logFile = join(dir, 'kube-apiserver.log');
  const apiServer = new KubeChild('kube-apiserver', binaries.kubeApiServer, kubeApiServerArgs(ports, files), logFile, dir);
  const deadline = Date.now() + launch.readyTimeoutMs;
  try {
    const certFile = join(files.certDir, 'apiserver.crt');
    const caPem = await waitFor(() => readServingCa(certFile), {
      what: `kube-apiserver to write its self-signed serving certificate ${certFile}`,
      timeoutMs: launch.readyTimeoutMs,
      intervalMs: 100,
      signal: apiServer.gone,
    });
    await waitFor(() => apiServerReady({ url, caPem }, launch.adminToken), {
      what: `kube-apiserver to answer ok on ${url}/readyz and to have made the default namespace`,
      timeoutMs: Math.max(1, deadline - Date.now()),
      intervalMs: 250,
      signal: AbortSignal.any([apiServer.gone, etcd.gone]),
    });
    return { etcd, apiServer, url, caPem };
  } catch (error) {
    await Promise.all([apiServer.kill(), etcd.kill()]);
    throw new Error(
      `kube-apiserver (${binaries.kubeApiServer}) did not become ready: ${(error as Error).message}\n` +
        `${await apiServer.logTail()}\n${await etcd.logTail(10)}`,
    );
  }
}

async function etcdHealthy(etcdUrl: string): Promise<boolean> {
  const res = await fetch(`${etcdUrl}/health`, { signal: AbortSignal.timeout(2_000) });
  const body = (await res.json()) as { health?: string };
  return res.ok && body.health === 'true';
}

/** /readyz answers 200 `ok` when ready, 500 with the list of checks before; the failing ones are quoted. */
async function apiServerReady(endpoint: { url: string; caPem: string }, token: string): Promise<boolean> {
  const res = await kubeRequest(endpoint, '/readyz', { token, timeoutMs: 5_000 });
  if (res.status !== 200 || res.text.trim() !== 'ok') {
    throw new Error(`/readyz answered ${res.status}: ${res.text.split('\n').filter((l) => l.includes('failed')).join('; ')}`);
  }
  // Made by a controller of the API server itself, possibly just after /readyz turns ok; clients expect it.
  const ns = await kubeRequest(endpoint, '/api/v1/namespaces/default', { token, timeoutMs: 5_000 });
  return ns.status === 200;
}

/**
 * kube-apiserver writes its serving certificate followed by the CA that signed it (generated with it, for this
 * server alone) into --cert-dir/apiserver.crt. Clients trust that CA. Undefined until the file is complete.
 */
async function readServingCa(certFile: string): Promise<string | undefined> {
  let pem: string;
  try {
    pem = await readFile(certFile, 'utf8');
  } catch {
    return undefined;
  }
  const blocks = pem.match(/-----BEGIN CERTIFICATE-----[\s\S]+?-----END CERTIFICATE-----\n?/g) ?? [];
  const ca = blocks.find((block) => new X509Certificate(block).ca);
  return ca?.trimEnd().concat('\n');
}
