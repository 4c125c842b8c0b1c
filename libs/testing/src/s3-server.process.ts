import { type ChildProcess, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { closeSync, openSync } from 'node:fs';
import { mkdir, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { DeleteObjectCommand, HeadBucketCommand, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { type ProcessExit, describeExit, hasExited, signalAndWait, terminate, watchChild } from './child-exit.util';
import { freePortOtherThan } from './free-port.util';
import { readFileTail } from './log-tail.util';
import {
  type S3Credentials,
  WEED_MINI_PORT_NAMES,
  type WeedMiniPorts,
  generateS3Credentials,
  s3IdentitiesConfig,
  weedGrpcSockets,
  weedMiniArgs,
} from './s3-server.config';
import { seaweedfsBinary } from './seaweedfs.binary';
import { tempDir } from './temp-dir.util';
import { waitFor } from './wait-for.util';

export interface S3ServerOptions {
  /** Bucket created at startup. Default `tandem`. */
  bucket?: string;
  /** How long to wait for the S3 endpoint to accept a write. Default 60 s. */
  readyTimeoutMs?: number;
}

export interface S3ServerHandle {
  /** `http://127.0.0.1:<port>`; use path-style addressing (`forcePathStyle: true`). */
  readonly endpoint: string;
  readonly region: string;
  readonly bucket: string;
  /** Generated for this server; valid only for it. */
  readonly accessKeyId: string;
  readonly secretAccessKey: string;
  /** Where the server keeps its data; kept across `restart()`. */
  readonly dataDir: string;
  /** The server's output, appended to across restarts. */
  readonly logFile: string;
  /** Pid of the running server, undefined while it is stopped. */
  readonly pid: number | undefined;
  /** SIGTERM (graceful shutdown) and wait for the exit. */
  stop(): Promise<void>;
  /** SIGKILL and wait for the exit: a crash. */
  kill(): Promise<void>;
  /**
   * Stop if running, then start again on the same ports and data; resolves once it accepts writes. Takes ~15 s:
   * a SeaweedFS master that restarts with existing volumes refuses new writes for 3 heartbeat pulses (5 s each,
   * not configurable) while the volume servers report back.
   */
  restart(): Promise<void>;
  /** Stop, then delete the temp dir with the data, config and log. */
  destroy(): Promise<void>;
}

const REGION = 'us-east-1';
const STOP_GRACE_MS = 30_000;
/** Fresh ports are tried this often when another process took one between choosing and binding it. */
const START_ATTEMPTS = 3;

/**
 * Starts a real S3-compatible server (SeaweedFS `weed mini`, the version pinned in tools/seaweedfs/go.mod) on free
 * 127.0.0.1 ports, with its data in a new temp dir and credentials generated for this run, and waits until it
 * accepts writes to the bucket.
 */
export async function startS3Server(options: S3ServerOptions = {}): Promise<S3ServerHandle> {
  const binary = seaweedfsBinary();
  const bucket = options.bucket ?? 'tandem';
  if (!/^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/.test(bucket)) {
    throw new Error(`S3 bucket name ${JSON.stringify(bucket)} is invalid: use 3-63 lower-case letters, digits, '.' and '-'`);
  }
  const dir = await tempDir('s3');
  const credentials = generateS3Credentials();
  const identitiesFile = join(dir, 's3-identities.json');
  await writeFile(identitiesFile, s3IdentitiesConfig(credentials), { mode: 0o600 });
  const dataDir = join(dir, 'data');
  await mkdir(dataDir);

  let lastError: unknown;
  for (let attempt = 1; attempt <= START_ATTEMPTS; attempt++) {
    const server = new S3Server(binary, {
      dir,
      dataDir,
      identitiesFile,
      bucket,
      credentials,
      ports: await freePorts(),
      logFile: join(dir, 'weed.log'),
      readyTimeoutMs: options.readyTimeoutMs ?? 60_000,
    });
    try {
      await server.start();
      return server;
    } catch (error) {
      lastError = error;
      await Promise.all(weedGrpcSockets(server.ports).map((socket) => rm(socket, { force: true })));
      if (!/is not available|address already in use/i.test((error as Error).message)) break;
    }
  }
  await rm(dir, { recursive: true, force: true });
  throw lastError;
}

async function freePorts(): Promise<WeedMiniPorts> {
  const taken: number[] = [];
  for (let i = 0; i < WEED_MINI_PORT_NAMES.length; i++) taken.push(await freePortOtherThan(...taken));
  return Object.fromEntries(WEED_MINI_PORT_NAMES.map((name, i) => [name, taken[i]])) as unknown as WeedMiniPorts;
}

interface S3ServerSettings {
  dir: string;
  dataDir: string;
  identitiesFile: string;
  bucket: string;
  credentials: S3Credentials;
  ports: WeedMiniPorts;
  logFile: string;
  readyTimeoutMs: number;
}

class S3Server implements S3ServerHandle {
  readonly endpoint: string;
  readonly region = REGION;
  private child: ChildProcess | undefined;
  private exited: Promise<ProcessExit> = Promise.resolve({ code: null, signal: null });

  constructor(
    private readonly binary: string,
    private readonly settings: S3ServerSettings,
  ) {
    this.endpoint = `http://127.0.0.1:${settings.ports.s3}`;
  }

  get bucket(): string {
    return this.settings.bucket;
  }
  get ports(): WeedMiniPorts {
    return this.settings.ports;
  }
  get accessKeyId(): string {
    return this.settings.credentials.accessKeyId;
  }
  get secretAccessKey(): string {
    return this.settings.credentials.secretAccessKey;
  }
  get dataDir(): string {
    return this.settings.dataDir;
  }
  get logFile(): string {
    return this.settings.logFile;
  }
  get pid(): number | undefined {
    return this.child && !hasExited(this.child) ? this.child.pid : undefined;
  }

  async start(): Promise<void> {
    const { dataDir, dir, identitiesFile, bucket, ports } = this.settings;
    const args = weedMiniArgs({ dataDir, runDir: dir, identitiesFile, bucket, ports });
    const log = openSync(this.logFile, 'a');
    let child: ChildProcess;
    try {
      child = spawn(this.binary, args, { stdio: ['ignore', log, log], cwd: dir });
    } finally {
      closeSync(log); // the child has its own copy
    }
    this.child = child;
    const exited = watchChild(child);
    this.exited = exited;

    const gone = new AbortController();
    void exited.then((exit) => gone.abort(new Error(`weed exited (${describeExit(exit)})`)));
    const client = this.client();
    try {
      await waitFor(() => this.acceptsWrites(client), {
        what: `the S3 server (weed mini) to accept writes to bucket ${bucket} at ${this.endpoint}`,
        timeoutMs: this.settings.readyTimeoutMs,
        intervalMs: 200,
        signal: gone.signal,
      });
    } catch (error) {
      await signalAndWait(child, exited, 'SIGKILL');
      const tail = await readFileTail(this.logFile, 40);
      throw new Error(
        `the S3 server (${this.binary} mini) did not become ready: ${(error as Error).message}\n` +
          `last lines of ${this.logFile}:\n${tail}`,
      );
    } finally {
      client.destroy();
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
    await rm(this.settings.dir, { recursive: true, force: true });
    await Promise.all(weedGrpcSockets(this.settings.ports).map((socket) => rm(socket, { force: true })));
  }

  private client(): S3Client {
    return new S3Client({
      endpoint: this.endpoint,
      region: REGION,
      forcePathStyle: true,
      credentials: this.settings.credentials,
      maxAttempts: 1,
      requestHandler: { connectionTimeout: 2_000, requestTimeout: 5_000, throwOnRequestTimeout: true },
    });
  }

  /** The bucket exists and an object can be written (the volume server has registered) and deleted. */
  private async acceptsWrites(client: S3Client): Promise<boolean> {
    const Bucket = this.settings.bucket;
    await client.send(new HeadBucketCommand({ Bucket }));
    const Key = `.tandem-ready-${randomBytes(6).toString('hex')}`;
    await client.send(new PutObjectCommand({ Bucket, Key, Body: 'ready' }));
    await client.send(new DeleteObjectCommand({ Bucket, Key }));
    return true;
  }
}
