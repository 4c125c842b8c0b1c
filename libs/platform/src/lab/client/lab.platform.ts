import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import type { KubeObject, ObjectRef, ResourceType } from '../../model/kube-object';
import { isPlatformError, PlatformError } from '../../platform.errors';
import type { ApplyOptions, ExecRequest, ExecResult, ListOptions, Platform, SnapshotVolumesRequest, VolumeBinding, VolumeSnapshot, WorkloadStatus } from '../../platform.port';
import { LAB_API_PREFIX, fromWireError, type LabOperation } from '../server/lab-protocol';
import type { ServerInfo } from '../server/lab-site.server';
import { readSiteConfig, readSiteToken } from '../site/site-config';
import { SiteLayout } from '../site/site-layout';

const REQUEST_TIMEOUT_MS = 120_000;
const EXEC_MARGIN_MS = 30_000;
/** A first capture copies whole volumes: far longer than any other request may take. */
const SNAPSHOT_TIMEOUT_MS = 60 * 60_000;

interface Endpoint {
  url: string;
  token: string;
}

/** How to start the server of a site, for messages. */
export function labSiteServeCommand(dir: string): string {
  return `node -r ./scripts/register.cjs apps/lab/src/site/lab-site.main.ts serve ${dir}`;
}

/**
 * The `Platform` of a lab site: a client of the site's `LabSiteServer`. Opened from the site directory (it
 * reads `server.json` and `token` again whenever it has to reach the server, so it follows a server restarted
 * on another port) or from a URL and token. A server that does not answer is `Unavailable`, saying what to run.
 */
export class LabPlatform implements Platform {
  readonly adapter = 'lab' as const;
  private closed = false;

  private constructor(
    readonly site: string,
    private readonly endpoint: () => Promise<Endpoint>,
    private readonly where: string,
  ) {}

  /** A client of the site in `dir` (made by `createLabSite`, served by `lab-site serve`). */
  static async open(dir: string): Promise<LabPlatform> {
    const layout = new SiteLayout(resolve(dir));
    const config = await readSiteConfig(layout);
    const endpoint = async (): Promise<Endpoint> => {
      let info: ServerInfo;
      try {
        info = JSON.parse(await readFile(layout.serverFile, 'utf8')) as ServerInfo;
      } catch {
        throw new PlatformError('Unavailable', `lab site ${config.name} (${layout.root}) is not being served (it has no server.json): start it with \`${labSiteServeCommand(layout.root)}\``);
      }
      try {
        return { url: info.url, token: await readSiteToken(layout) };
      } catch (error) {
        throw new PlatformError('Forbidden', `cannot read the token of lab site ${config.name} (${layout.tokenFile}): ${(error as Error).message}. Run as the user who created the site`, { cause: error });
      }
    };
    return new LabPlatform(config.name, endpoint, layout.root);
  }

  /** A client of the site server at `url`, authenticated with `token`. */
  static async connect(url: string, token: string): Promise<LabPlatform> {
    const endpoint = async (): Promise<Endpoint> => ({ url: url.replace(/\/+$/, ''), token });
    const probe = new LabPlatform('(unknown)', endpoint, url);
    const info = (await probe.call('info', undefined)) as { site: string };
    return new LabPlatform(info.site, endpoint, url);
  }

  discover(): Promise<ResourceType[]> {
    return this.call('discover', {}) as Promise<ResourceType[]>;
  }

  list(type: ResourceType, options: ListOptions = {}): Promise<KubeObject[]> {
    return this.call('list', { type: { group: type.group, version: type.version, kind: type.kind }, ...options }) as Promise<KubeObject[]>;
  }

  async get(ref: ObjectRef): Promise<KubeObject | undefined> {
    return ((await this.call('get', { ref })) as KubeObject | null) ?? undefined;
  }

  apply(object: KubeObject, options: ApplyOptions): Promise<KubeObject> {
    return this.call('apply', { object, ...options }) as Promise<KubeObject>;
  }

  delete(ref: ObjectRef): Promise<boolean> {
    return this.call('delete', { ref }) as Promise<boolean>;
  }

  async scale(ref: ObjectRef, replicas: number): Promise<void> {
    await this.call('scale', { ref, replicas });
  }

  workloadStatus(ref: ObjectRef): Promise<WorkloadStatus> {
    return this.call('workload-status', { ref }) as Promise<WorkloadStatus>;
  }

  exec(request: ExecRequest): Promise<ExecResult[]> {
    return this.call('exec', request, request.timeoutMs + EXEC_MARGIN_MS) as Promise<ExecResult[]>;
  }

  volumesFor(namespace: string, claimNames?: string[]): Promise<VolumeBinding[]> {
    return this.call('volumes', { namespace, ...(claimNames ? { claimNames } : {}) }) as Promise<VolumeBinding[]>;
  }

  snapshotVolumes(request: SnapshotVolumesRequest): Promise<VolumeSnapshot[]> {
    return this.call('snapshot-volumes', { namespace: request.namespace, claims: request.claims, snapshotName: request.snapshotName }, SNAPSHOT_TIMEOUT_MS) as Promise<VolumeSnapshot[]>;
  }

  async close(): Promise<void> {
    this.closed = true;
  }

  private async call(operation: LabOperation | 'info', body: unknown, timeoutMs = REQUEST_TIMEOUT_MS): Promise<unknown> {
    if (this.closed) throw new PlatformError('Unavailable', `the LabPlatform of site ${this.site} was closed`);
    const { url, token } = await this.endpoint();
    let response: Response;
    try {
      response = await fetch(`${url}${LAB_API_PREFIX}/${operation}`, {
        method: body === undefined ? 'GET' : 'POST',
        headers: { authorization: `Bearer ${token}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
        ...(body === undefined ? {} : { body: JSON.stringify(body) }),
        signal: AbortSignal.timeout(timeoutMs),
      });
    } catch (error) {
      throw this.unreachable(url, error);
    }
    let payload: unknown;
    try {
      payload = await response.json();
    } catch (error) {
      throw isPlatformError(error) ? error : new PlatformError('Unavailable', `lab site ${this.site} at ${url} answered ${response.status} without a JSON body`, { cause: error });
    }
    if (!response.ok) throw fromWireError(payload, response.status, this.site);
    return (payload as { result: unknown }).result;
  }

  private unreachable(url: string, error: unknown): PlatformError {
    const cause = error instanceof Error && error.cause instanceof Error ? error.cause.message : error instanceof Error ? error.message : String(error);
    if (error instanceof Error && (error.name === 'TimeoutError' || error.name === 'AbortError')) {
      return new PlatformError('Timeout', `lab site ${this.site} at ${url} did not answer in time`, { cause: error });
    }
    return new PlatformError('Unavailable', `lab site ${this.site} cannot be reached at ${url} (${cause}): is its server running? Start it with \`${labSiteServeCommand(this.where)}\``, { cause: error });
  }
}
