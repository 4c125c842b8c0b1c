import { timingSafeEqual } from 'node:crypto';
import { type IncomingMessage, type Server, type ServerResponse, createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { rm } from 'node:fs/promises';
import type { Infer } from '@tandem/contracts';
import type { KubeObject } from '../../model/kube-object';
import { isPlatformError, PlatformError } from '../../platform.errors';
import { readProcStat } from '../kubelet/proc-stat';
import { LabSite, type LabSiteOptions } from '../lab-site';
import { readSiteToken } from '../site/site-config';
import { SiteLayout } from '../site/site-layout';
import { readJsonFile, writeFileAtomic } from '../util/atomic-file';
import { type LabLogger, SILENT_LOGGER } from '../util/lab-logger';
import { LAB_API_PREFIX, type LabOperation, MAX_BODY_BYTES, REQUESTS, STATUS_OF, toWireError } from './lab-protocol';

export interface LabSiteServerOptions extends LabSiteOptions {
  /** Port on 127.0.0.1; 0 (the default) lets the OS choose. The URL is written to `server.json`. */
  port?: number;
}

/** `server.json`: where a site is served now. */
export interface ServerInfo {
  pid: number;
  /** The server process's start time (/proc), telling it apart from a later process with the same pid. */
  startTicks: string;
  url: string;
  port: number;
  startedAt: string;
}

/**
 * Serves one lab site over HTTP on 127.0.0.1 to `LabPlatform` clients: owns the `LabSite` (only one process
 * may), authenticates every request with the bearer token in the site's `token` file, and answers each port
 * operation as `lab-protocol` describes.
 */
export class LabSiteServer {
  private constructor(
    readonly site: LabSite,
    private readonly server: Server,
    private readonly token: Buffer,
    private readonly log: LabLogger,
  ) {}

  static async start(dir: string, options: LabSiteServerOptions = {}): Promise<LabSiteServer> {
    const layout = new SiteLayout(dir);
    const token = Buffer.from(await readSiteToken(layout));
    const site = await LabSite.open(dir, options);
    const log = options.log ?? SILENT_LOGGER;
    const server = createServer();
    const instance = new LabSiteServer(site, server, token, log);
    server.on('request', (request: IncomingMessage, response: ServerResponse) => void instance.handle(request, response));
    try {
      await new Promise<void>((resolve, reject) => {
        server.once('error', reject);
        server.listen(options.port ?? 0, '127.0.0.1', resolve);
      });
    } catch (error) {
      await site.close();
      throw error;
    }
    const info: ServerInfo = { pid: process.pid, startTicks: readProcStat(process.pid)?.startTicks ?? '', url: instance.url, port: instance.port, startedAt: new Date().toISOString() };
    await writeFileAtomic(layout.serverFile, `${JSON.stringify(info, null, 2)}\n`);
    log.info('lab site served', { site: site.name, url: info.url, dir: layout.root });
    return instance;
  }

  get port(): number {
    return (this.server.address() as AddressInfo).port;
  }

  get url(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  /** Stops serving; pods keep running unless `stopPods` (see `LabSite.close`). */
  async close(options: { stopPods?: boolean } = {}): Promise<void> {
    await new Promise<void>((resolve) => {
      this.server.close(() => resolve());
      this.server.closeAllConnections();
    });
    await this.site.close(options);
    const info = await readJsonFile<ServerInfo>(this.site.layout.serverFile);
    if (info?.pid === process.pid) await rm(this.site.layout.serverFile, { force: true });
  }

  private async handle(request: IncomingMessage, response: ServerResponse): Promise<void> {
    try {
      if (!this.authorized(request)) return send(response, 401, { error: { message: 'missing or wrong bearer token' } });
      const path = new URL(request.url ?? '/', 'http://lab').pathname;
      if (request.method === 'GET' && path === `${LAB_API_PREFIX}/info`) {
        return send(response, 200, { result: { adapter: 'lab', site: this.site.name, node: this.site.config.node } });
      }
      const operation = path.startsWith(`${LAB_API_PREFIX}/`) ? path.slice(LAB_API_PREFIX.length + 1) : '';
      if (request.method !== 'POST' || !Object.hasOwn(REQUESTS, operation)) {
        throw new PlatformError('NotFound', `the lab site server has no endpoint ${request.method ?? ''} ${path}`);
      }
      const parsed = REQUESTS[operation as LabOperation].parse(await readBody(request));
      if (!parsed.ok) throw new PlatformError('Invalid', `bad ${operation} request: ${parsed.reason}`);
      const result = await HANDLERS[operation as LabOperation](this.site, parsed.value as never);
      send(response, 200, { result: result ?? null });
    } catch (error) {
      if (isPlatformError(error)) return send(response, STATUS_OF[error.reason], { error: toWireError(error) });
      this.log.warn('request failed', { url: request.url, error: error instanceof Error ? error.stack : String(error) });
      send(response, 500, { error: { message: error instanceof Error ? error.message : String(error) } });
    }
  }

  private authorized(request: IncomingMessage): boolean {
    const header = request.headers.authorization ?? '';
    const given = Buffer.from(header.startsWith('Bearer ') ? header.slice(7).trim() : '');
    return given.length === this.token.length && timingSafeEqual(given, this.token);
  }
}

type Handlers = { [K in LabOperation]: (site: LabSite, body: Infer<(typeof REQUESTS)[K]>) => unknown };

const HANDLERS: Handlers = {
  discover: (site) => site.discover(),
  list: (site, body) => site.list(body.type, { ...(body.namespace ? { namespace: body.namespace } : {}), ...(body.labelSelector ? { labelSelector: body.labelSelector } : {}) }),
  get: (site, body) => site.get(body.ref),
  apply: (site, body) => site.apply(body.object as KubeObject, { fieldManager: body.fieldManager, force: body.force === true, dryRun: body.dryRun === true }),
  delete: (site, body) => site.delete(body.ref),
  scale: (site, body) => site.scale(body.ref, body.replicas),
  'workload-status': (site, body) => site.workloadStatus(body.ref),
  exec: (site, body) => site.exec(body),
  volumes: (site, body) => site.volumesFor(body.namespace, body.claimNames),
  'snapshot-volumes': (site, body) => site.snapshotVolumes(body),
};

async function readBody(request: IncomingMessage): Promise<unknown> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of request) {
    size += (chunk as Buffer).length;
    if (size > MAX_BODY_BYTES) throw new PlatformError('Invalid', `request body larger than ${MAX_BODY_BYTES} bytes: apply large objects one at a time`);
    chunks.push(chunk as Buffer);
  }
  try {
    return JSON.parse(Buffer.concat(chunks).toString('utf8') || '{}');
  } catch (error) {
    throw new PlatformError('Invalid', `request body is not JSON: ${(error as Error).message}`);
  }
}

function send(response: ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  response.writeHead(status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(text) });
  response.end(text);
}
