import http from 'node:http';
import https from 'node:https';
import type { KubeConfig } from '@kubernetes/client-node';
import { PlatformError } from '../platform.errors';

/** The body of a failed Kubernetes API call (`kind: Status`). */
export interface KubeStatus {
  kind?: string;
  status?: string;
  message?: string;
  reason?: string;
  code?: number;
  details?: { name?: string; kind?: string; causes?: { reason?: string; message?: string; field?: string }[] };
}

/** The API server answered with an error status. Mapped to `PlatformError` by `toPlatformError`. */
export class KubeApiError extends Error {
  constructor(
    readonly statusCode: number,
    readonly status: KubeStatus,
  ) {
    super(status.message ?? `HTTP ${statusCode}`);
    this.name = 'KubeApiError';
  }
}

export interface KubeRequest {
  method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  path: string;
  query?: Record<string, string | undefined>;
  body?: unknown;
  contentType?: string;
  timeoutMs?: number;
}

const MAX_RESPONSE_BYTES = 256 * 1024 * 1024;

/**
 * JSON requests to the API server with the kubeconfig's authentication (token, client certificate, exec plugin…)
 * as `@kubernetes/client-node` applies it. Kept this small so that every call maps errors the same way.
 */
export class KubeHttp {
  private readonly server: URL;

  constructor(
    private readonly config: KubeConfig,
    private readonly site: string,
  ) {
    const cluster = config.getCurrentCluster();
    if (cluster === null) throw new PlatformError('Invalid', `site ${site}: the kubeconfig names no cluster`);
    this.server = new URL(cluster.server);
  }

  get serverUrl(): string {
    return this.server.toString();
  }

  async request<T>(request: KubeRequest): Promise<T> {
    const url = new URL(this.server.toString().replace(/\/$/, '') + request.path);
    for (const [key, value] of Object.entries(request.query ?? {})) if (value !== undefined) url.searchParams.set(key, value);
    const options: https.RequestOptions = { method: request.method, headers: { Accept: 'application/json' } };
    await this.config.applyToHTTPSOptions(options);
    const payload = request.body === undefined ? undefined : Buffer.from(JSON.stringify(request.body));
    if (payload !== undefined) {
      options.headers = { ...options.headers, 'Content-Type': request.contentType ?? 'application/json', 'Content-Length': String(payload.length) };
    }
    const transport = url.protocol === 'http:' ? http : https;
    const { statusCode, body } = await new Promise<{ statusCode: number; body: Buffer }>((resolve, reject) => {
      const call = transport.request(url, options, (response) => {
        const parts: Buffer[] = [];
        let size = 0;
        response.on('data', (part: Buffer) => {
          size += part.length;
          if (size > MAX_RESPONSE_BYTES) {
            call.destroy(new Error(`response larger than ${MAX_RESPONSE_BYTES} bytes`));
            return;
          }
          parts.push(part);
        });
        response.on('end', () => resolve({ statusCode: response.statusCode ?? 0, body: Buffer.concat(parts) }));
        response.on('error', reject);
      });
      call.setTimeout(request.timeoutMs ?? 60_000, () => call.destroy(new Error(`no answer within ${request.timeoutMs ?? 60_000} ms`)));
      call.on('error', reject);
      call.end(payload);
    }).catch((error: unknown) => {
      throw new PlatformError('Unavailable', `site ${this.site}: the API server ${this.server.origin} cannot be reached (${(error as Error).message}); check that it runs and that the kubeconfig points at it`, {
        cause: error,
      });
    });
    const text = body.toString('utf8');
    if (statusCode >= 200 && statusCode < 300) return (text === '' ? {} : JSON.parse(text)) as T;
    let status: KubeStatus;
    try {
      status = JSON.parse(text) as KubeStatus;
    } catch {
      status = { message: text.slice(0, 500) || `HTTP ${statusCode}`, code: statusCode };
    }
    throw new KubeApiError(statusCode, status);
  }
}
