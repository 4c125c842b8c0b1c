import { type ChildProcess, spawn } from 'node:child_process';
import { closeSync, openSync } from 'node:fs';
import { mkdir, rm, writeFile } from 'node:fs/promises';
import { connect as tcpConnect } from 'node:net';
import { dirname, join, resolve } from 'node:path';
import { type ProcessExit, describeExit, hasExited, signalAndWait, terminate, watchChild } from './child-exit.util';
import { freePort, freePortOtherThan } from './free-port.util';
import { readFileTail } from './log-tail.util';
import { natsServerConfig } from './nats-server.config';
import { natsServerBinary } from './nats-server.binary';
import { tempDir } from './temp-dir.util';
import { uniqueName } from './unique-name.util';
import { waitFor } from './wait-for.util';

export interface NatsServerOptions {
  /** JetStream store; kept across `restart()`. Default: `store/` in a new temp dir. */
  storeDir?: string;
  /** Client port on 127.0.0.1. Default: a free one. */
  port?: number;
  /** Server name, also used for the config and log file names. Default: a unique one. */
  name?: string;
  /** How long to wait for the server to accept connections with JetStream on. Default 30 s. */
  readyTimeoutMs?: number;
  /** JetStream domain (a site's cluster domain, e.g. `primary`, `dr-site`). Default: none. */
  jetstreamDomain?: string;
  /** Accept leaf-node connections on this port of 127.0.0.1 (`0`: a free one, see `leafUrl`). */
  leafListenPort?: number;
  /** Dial these leaf-node URLs (another server's `leafUrl`, or a proxy in front of it). */
  leafRemotes?: string[];
}

export interface NatsServerHandle {
  /** `nats://127.0.0.1:<port>` */
  readonly url: string;
  readonly port: number;
  readonly storeDir: string;
  /** Monitoring endpoint (`/healthz`, `/jsz`, `/leafz`, …). */
  readonly monitorUrl: string;
  /** `nats-leaf://127.0.0.1:<port>` when the server accepts leaf-node connections. */
  readonly leafUrl: string | undefined;
  /** Its JetStream domain, when it has one. */
  readonly jetstreamDomain: string | undefined;
  /** The server's log, appended to across restarts; next to the store dir. */
  readonly logFile: string;
  /** Pid of the running server, undefined while it is stopped. */
  readonly pid: number | undefined;
  /** SIGTERM (graceful shutdown) and wait for the exit. */
  stop(): Promise<void>;
  /** SIGKILL and wait for the exit: a crash. */
  kill(): Promise<void>;
  /** Stop if running, then start again on the same port and store dir; resolves once it accepts clients. */
  restart(): Promise<void>;
  /** Stop, then delete the temp dir made for the default store dir (a `storeDir` you passed is left alone). */
  destroy(): Promise<void>;
}

const STOP_GRACE_MS = 30_000;

/** Starts a real nats-server with JetStream (the version pinned in tools/nats-server/go.mod) and waits until it is ready. */
export async function startNatsServer(options: NatsServerOptions = {}): Promise<NatsServerHandle> {
  const name = options.name ?? uniqueName('nats');
  if (!/^[A-Za-z0-9_-]+$/.test(name)) {
    throw new Error(`nats server name ${JSON.stringify(name)} may contain only letters, digits, '_' and '-'`);
  }
  const { storeDir, ownDir } = await storeLocation(options.storeDir);
  await mkdir(storeDir, { recursive: true });
  const port = options.port ?? (await freePort());
  const monitorPort = await freePortOtherThan(port);
  const leafPort = options.leafListenPort === 0 ? await freePortOtherThan(port, monitorPort) : options.leafListenPort;
  const configFile = join(dirname(storeDir), `${name}.conf`);
  await writeFile(
    configFile,
    natsServerConfig({
      name,
      port,
      monitorPort,
      storeDir,
      ...(options.jetstreamDomain !== undefined ? { jetstreamDomain: options.jetstreamDomain } : {}),
      ...(leafPort !== undefined ? { leafListenPort: leafPort } : {}),
      ...(options.leafRemotes ? { leafRemotes: options.leafRemotes } : {}),
    }),
  );

  const server = new NatsServer(natsServerBinary(), configFile, {
    name,
    port,
    storeDir,
    monitorUrl: `http://127.0.0.1:${monitorPort}`,
    logFile: join(dirname(storeDir), `${name}.log`),
    readyTimeoutMs: options.readyTimeoutMs ?? 30_000,
    ownDir,
    leafUrl: leafPort !== undefined ? `nats-leaf://127.0.0.1:${leafPort}` : undefined,
    jetstreamDomain: options.jetstreamDomain,
  });
  await server.start();
  return server;
}

async function storeLocation(storeDir: string | undefined): Promise<{ storeDir: string; ownDir?: string }> {
  if (storeDir) return { storeDir: resolve(storeDir) };
  const ownDir = await tempDir('nats');
  return { storeDir: join(ownDir, 'store'), ownDir };
}

interface NatsServerSettings {
  name: string;
  port: number;
  storeDir: string;
  monitorUrl: string;
  logFile: string;
  readyTimeoutMs: number;
  /** The temp dir startNatsServer made, removed by destroy(). */
  ownDir: string | undefined;
  leafUrl: string | undefined;
  jetstreamDomain: string | undefined;
}

class NatsServer implements NatsServerHandle {
  readonly url: string;
  private child: ChildProcess | undefined;
  private exited: Promise<ProcessExit> = Promise.resolve({ code: null, signal: null });

  constructor(
    private readonly binary: string,
    private readonly configFile: string,
    private readonly settings: NatsServerSettings,
  ) {
    this.url = `nats://127.0.0.1:${settings.port}`;
  }

  get port(): number {
    return this.settings.port;
  }
  get storeDir(): string {
    return this.settings.storeDir;
  }
  get monitorUrl(): string {
    return this.settings.monitorUrl;
  }
  get logFile(): string {
    return this.settings.logFile;
  }
  get leafUrl(): string | undefined {
    return this.settings.leafUrl;
  }
  get jetstreamDomain(): string | undefined {
    return this.settings.jetstreamDomain;
  }
  get pid(): number | undefined {
    return this.child && !hasExited(this.child) ? this.child.pid : undefined;
  }

  async start(): Promise<void> {
    const log = openSync(this.logFile, 'a');
    let child: ChildProcess;
    try {
      child = spawn(this.binary, ['-c', this.configFile], { stdio: ['ignore', log, log] });
    } finally {
      closeSync(log); // the child has its own copy
    }
    this.child = child;
    const exited = watchChild(child);
    this.exited = exited;

    const gone = new AbortController();
    void exited.then((exit) => gone.abort(new Error(`nats-server exited (${describeExit(exit)})`)));
    try {
      await waitFor(() => this.isReady(), {
        what: `nats-server ${this.settings.name} to accept clients on ${this.url} with JetStream ready`,
        timeoutMs: this.settings.readyTimeoutMs,
        intervalMs: 50,
        signal: gone.signal,
      });
    } catch (error) {
      await signalAndWait(child, exited, 'SIGKILL');
      const tail = await readFileTail(this.logFile, 40);
      throw new Error(
        `nats-server ${this.settings.name} (${this.binary}) did not become ready: ${(error as Error).message}\n` +
          `config: ${this.configFile}\nlast lines of ${this.logFile}:\n${tail}`,
      );
    }
  }

  async stop(): Promise<void> {
    if (this.child) await terminate(this.child, this.exited, STOP_GRACE_MS);
  }

  async kill(): Promise<void> {
    if (this.child) await signalAndWait(this.child, this.exited, 'SIGKILL');
  }

  async restart(): Promise<void> {
    await this.stop();
    await this.start();
  }

  async destroy(): Promise<void> {
    await this.stop();
    if (this.settings.ownDir) await rm(this.settings.ownDir, { recursive: true, force: true });
  }

  /** Accepting TCP clients, and /healthz says JetStream is up with its streams recovered. */
  private async isReady(): Promise<boolean> {
    await canConnect(this.settings.port);
    const response = await fetch(`${this.settings.monitorUrl}/healthz`, { signal: AbortSignal.timeout(2_000) });
    const body = await response.text();
    if (response.status !== 200) throw new Error(`/healthz answered ${response.status}: ${body}`);
    return true;
  }
}

function canConnect(port: number): Promise<void> {
  return new Promise((resolve, reject) => {
    const socket = tcpConnect({ host: '127.0.0.1', port });
    socket.setTimeout(2_000, () => socket.destroy(new Error(`connecting to 127.0.0.1:${port} timed out`)));
    socket.once('connect', () => {
      socket.destroy();
      resolve();
    });
    socket.once('error', reject);
  });
}
