import { rmSync } from 'node:fs';
import { mkdir, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { freePortOtherThan } from './free-port.util';
import { type KubeClusterFiles, type KubePorts, kubeControllerManagerArgs, kubeconfigYaml } from './kube-apiserver.config';
import { KubeChild } from './kube-child.process';
import { type RunningKubeCluster, launchKubeCluster } from './kube-cluster.start';
import {
  type KubeIdentity,
  type KubeIdentitySpec,
  generateServiceAccountKeyPair,
  issueTokens,
  tokenAuthFile,
} from './kube-credentials.util';
import { type KubeEndpoint, type KubeRequestOptions, type KubeResponse, kubeRequest } from './kube-https.util';
import { type KubeGrant, bindClusterRole } from './kube-rbac.util';
import { etcdBinary, kubeApiServerBinary, kubeControllerManagerBinary, pinnedKubernetesVersion } from './kube-tools.binary';
import { waitFor } from './wait-for.util';
import { tempDir } from './temp-dir.util';
import { uniqueName } from './unique-name.util';

export interface KubeApiServerOptions {
  /** The cluster's name in kubeconfigs, e.g. `source` or `destination`. Default: a unique one. */
  name?: string;
  /**
   * Users besides `admin` and `tandem`, each given a token. They must be declared here: kube-apiserver reads its
   * token file once, at start.
   */
  identities?: readonly KubeIdentitySpec[];
  /**
   * Also run kube-controller-manager, so that Deployments get ReplicaSets and pods, PVCs bind, namespaces get
   * their `default` ServiceAccount and aggregated ClusterRoles are filled in, as on a real cluster. Default false.
   */
  controllers?: boolean;
  /** How long to wait for /readyz to say ok. Default 120 s (about 10-20 s on an idle 2-core machine). */
  readyTimeoutMs?: number;
}

export interface KubeApiServerHandle extends KubeEndpoint {
  /** The cluster's name in kubeconfigs. */
  readonly name: string;
  /** `https://127.0.0.1:<port>` */
  readonly url: string;
  /** PEM of the CA that signed the API server's self-signed serving certificate; trust only this. */
  readonly caPem: string;
  /** The Kubernetes version pinned in tools/kubernetes/go.mod, e.g. `v1.37.2`; /version reports it too. */
  readonly version: string;
  /** User `tandem-test-admin` in group `system:masters`: allowed everything, for setting up and checking a test. */
  readonly admin: KubeIdentity;
  /** User `tandem`, in no group but `system:authenticated`: allowed nothing until a test binds it a role. */
  readonly tandem: KubeIdentity;
  /** Where etcd serves its clients (`http://127.0.0.1:<port>`), for tests that look below the API. */
  readonly etcdUrl: string;
  readonly logFiles: { readonly etcd: string; readonly apiServer: string };
  /** An identity declared at start by name (`admin`, `tandem` or one of `options.identities`). */
  identity(name: string): KubeIdentity;
  /** A kubeconfig YAML (one cluster, user and context) for that identity: `new KubeConfig().loadFromString(...)`. */
  kubeconfig(identity: KubeIdentity): string;
  /** The same kubeconfig written to a file in the server's temp dir (removed by stop()); returns its path. */
  writeKubeconfig(identity: KubeIdentity): Promise<string>;
  /** An HTTPS request as `identity` (anonymous when undefined); resolves with any status. */
  request(identity: KubeIdentity | undefined, path: string, options?: Omit<KubeRequestOptions, 'token'>): Promise<KubeResponse>;
  /**
   * Binds a ClusterRole to the identity's user (cluster-wide, or in `namespace` only) as admin. RBAC applies it a
   * moment later: check with a retry (waitFor). The aggregated built-in roles (`admin`, `edit`, `view`) have no
   * rules here: the controller manager, which is not running, fills them in. Bind a role of your own instead.
   */
  grant(identity: KubeIdentity, clusterRole: string, namespace?: string): Promise<KubeGrant>;
  /** Pids of the running processes, undefined once stopped: for fault tests that SIGKILL one. */
  readonly pids: { readonly etcd: number | undefined; readonly apiServer: number | undefined; readonly controllerManager: number | undefined };
  /** SIGTERM kube-apiserver then etcd (SIGKILL after a grace period), then delete the temp dir. Idempotent. */
  stop(): Promise<void>;
}

const ADMIN: KubeIdentitySpec = { name: 'tandem-test-admin', groups: ['system:masters'] };
const TANDEM: KubeIdentitySpec = { name: 'tandem' };
const API_SERVER_STOP_GRACE_MS = 20_000;
const ETCD_STOP_GRACE_MS = 10_000;
/** Fresh ports are tried this often when another process took one between choosing and binding it. */
const START_ATTEMPTS = 3;

/**
 * Starts a real Kubernetes API server (kube-apiserver and etcd at the versions pinned in tools/kubernetes and
 * tools/etcd, built by `npm run tools`) on free 127.0.0.1 ports, with everything in a new temp dir, and waits until
 * it is ready. Only the API: no controller manager, scheduler or kubelet, so Deployments get no ReplicaSets, pods
 * are never scheduled, and deleted namespaces stay Terminating. Several can run at once.
 */
export async function startKubeApiServer(options: KubeApiServerOptions = {}): Promise<KubeApiServerHandle> {
  const binaries = { kubeApiServer: kubeApiServerBinary(), etcd: etcdBinary() };
  const controllerManagerBinary = options.controllers ? kubeControllerManagerBinary() : undefined;
  const name = options.name ?? uniqueName('kube').replace(/_/g, '-');
  const identities = issueTokens([ADMIN, TANDEM, ...(options.identities ?? [])]);
  const dir = await tempDir(`kube-${name}`);
  cleanUpAtExit(dir);
  try {
    const files = await writeClusterFiles(dir, identities);
    const adminToken = identities[0].token;
    const readyTimeoutMs = options.readyTimeoutMs ?? 120_000;
    let lastError: unknown;
    for (let attempt = 1; attempt <= START_ATTEMPTS; attempt++) {
      await rm(files.etcdDataDir, { recursive: true, force: true }); // a member of a failed attempt is not reused
      const ports = await freePorts();
      try {
        const cluster = await launchKubeCluster({ binaries, ports, files, dir, adminToken, readyTimeoutMs });
        cleanUpAtExit(dir, () => [cluster.apiServer, cluster.etcd].forEach((child) => child.killNow()));
        const server = new KubeApiServer(name, dir, identities, cluster, ports);
        if (controllerManagerBinary !== undefined) {
          try {
            await server.startControllers(controllerManagerBinary, files, readyTimeoutMs);
          } catch (error) {
            await server.stop();
            throw error;
          }
        }
        return server;
      } catch (error) {
        lastError = error;
        if (!/address already in use/i.test((error as Error).message)) break;
      }
    }
    throw lastError;
  } catch (error) {
    await removeDir(dir);
    throw error;
  }
}

async function writeClusterFiles(dir: string, identities: readonly KubeIdentity[]): Promise<KubeClusterFiles> {
  const files: KubeClusterFiles = {
    etcdDataDir: join(dir, 'etcd-data'),
    certDir: join(dir, 'certs'),
    tokenFile: join(dir, 'tokens.csv'),
    serviceAccountPublicKey: join(dir, 'service-account.pub'),
    serviceAccountPrivateKey: join(dir, 'service-account.key'),
  };
  const keys = await generateServiceAccountKeyPair();
  await mkdir(files.certDir);
  await writeFile(files.tokenFile, tokenAuthFile(identities), { mode: 0o600 });
  await writeFile(files.serviceAccountPublicKey, keys.publicKeyPem);
  await writeFile(files.serviceAccountPrivateKey, keys.privateKeyPem, { mode: 0o600 });
  return files;
}

async function freePorts(): Promise<KubePorts> {
  const etcdClient = await freePortOtherThan();
  const etcdPeer = await freePortOtherThan(etcdClient);
  const apiServer = await freePortOtherThan(etcdClient, etcdPeer);
  return { etcdClient, etcdPeer, apiServer };
}

class KubeApiServer implements KubeApiServerHandle {
  readonly version = pinnedKubernetesVersion();
  readonly url: string;
  readonly caPem: string;
  readonly etcdUrl: string;
  private stopping: Promise<void> | undefined;
  private controllerManager: KubeChild | undefined;

  constructor(
    readonly name: string,
    private readonly dir: string,
    private readonly identities: readonly KubeIdentity[],
    private readonly cluster: RunningKubeCluster,
    ports: KubePorts,
  ) {
    this.url = cluster.url;
    this.caPem = cluster.caPem;
    this.etcdUrl = `http://127.0.0.1:${ports.etcdClient}`;
  }

  get admin(): KubeIdentity {
    return this.identities[0];
  }
  get tandem(): KubeIdentity {
    return this.identities[1];
  }
  get logFiles(): { etcd: string; apiServer: string } {
    return { etcd: this.cluster.etcd.logFile, apiServer: this.cluster.apiServer.logFile };
  }

  identity(name: string): KubeIdentity {
    const found = this.identities.find((id) => id.name === name || (name === 'admin' && id === this.admin));
    if (found) return found;
    const known = this.identities.map((id) => id.name).join(', ');
    throw new Error(
      `no identity ${JSON.stringify(name)} on kube API server ${this.name} (known: admin, ${known}); ` +
        'declare it in startKubeApiServer({ identities: [...] })',
    );
  }

  kubeconfig(identity: KubeIdentity): string {
    return kubeconfigYaml(this.name, this.url, this.caPem, identity);
  }

  async writeKubeconfig(identity: KubeIdentity): Promise<string> {
    const file = join(this.dir, `kubeconfig-${identity.name.replace(/[^A-Za-z0-9_.-]/g, '_')}.yaml`);
    await writeFile(file, this.kubeconfig(identity), { mode: 0o600 });
    return file;
  }

  request(identity: KubeIdentity | undefined, path: string, options: Omit<KubeRequestOptions, 'token'> = {}): Promise<KubeResponse> {
    return kubeRequest(this, path, { ...options, token: identity?.token });
  }

  grant(identity: KubeIdentity, clusterRole: string, namespace?: string): Promise<KubeGrant> {
    return bindClusterRole(this, this.admin, identity, clusterRole, namespace);
  }

  get pids(): { etcd: number | undefined; apiServer: number | undefined; controllerManager: number | undefined } {
    return { etcd: this.cluster.etcd.pid, apiServer: this.cluster.apiServer.pid, controllerManager: this.controllerManager?.pid };
  }

  /** Starts kube-controller-manager as admin and waits until its service account controller has run. */
  async startControllers(binary: string, files: KubeClusterFiles, timeoutMs: number): Promise<void> {
    const kubeconfigFile = await this.writeKubeconfig(this.admin);
    const caFile = join(this.dir, 'ca.crt');
    await writeFile(caFile, this.caPem);
    const port = await freePortOtherThan();
    const child = new KubeChild('kube-controller-manager', binary, kubeControllerManagerArgs(port, kubeconfigFile, caFile, files), join(this.dir, 'kube-controller-manager.log'), this.dir);
    this.controllerManager = child;
    cleanUpAtExit(this.dir, () => [child, this.cluster.apiServer, this.cluster.etcd].forEach((process) => process.killNow()));
    try {
      await waitFor(async () => (await this.request(this.admin, '/api/v1/namespaces/default/serviceaccounts/default')).status === 200, {
        what: 'kube-controller-manager to create the default ServiceAccount',
        timeoutMs,
        intervalMs: 250,
        signal: child.gone,
      });
    } catch (error) {
      throw new Error(`kube-controller-manager (${binary}) did not start: ${(error as Error).message}\n${await child.logTail()}`);
    }
  }

  stop(): Promise<void> {
    this.stopping ??= (async () => {
      await this.controllerManager?.stop(API_SERVER_STOP_GRACE_MS);
      await this.cluster.apiServer.stop(API_SERVER_STOP_GRACE_MS);
      await this.cluster.etcd.stop(ETCD_STOP_GRACE_MS);
      await removeDir(this.dir);
    })();
    return this.stopping;
  }
}

// A test process that exits with servers still running kills them and removes their temp dirs. (child-exit.util's
// reaper SIGKILLs them too, but maybe after this runs: the order of 'exit' listeners is the order they were added.)
const atExit = new Map<string, () => void>();
let exitCleanupInstalled = false;

function cleanUpAtExit(dir: string, kill: () => void = () => undefined): void {
  atExit.set(dir, kill);
  if (exitCleanupInstalled) return;
  exitCleanupInstalled = true;
  process.once('exit', () => {
    for (const [leftover, killChildren] of atExit) {
      killChildren();
      rmSync(leftover, { recursive: true, force: true, maxRetries: 2 });
    }
  });
}

async function removeDir(dir: string): Promise<void> {
  await rm(dir, { recursive: true, force: true, maxRetries: 2 });
  atExit.delete(dir);
}
