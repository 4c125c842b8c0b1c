import { request as httpsRequest } from 'node:https';

/** What a test needs to call a test API server over HTTPS: where, which CA to trust, and whose token. */
export interface KubeEndpoint {
  /** `https://127.0.0.1:<port>` */
  url: string;
  /** PEM of the CA that signed the server's certificate. */
  caPem: string;
}

export interface KubeResponse {
  status: number;
  /** The body as text (JSON for API calls, `ok` for /readyz). */
  text: string;
  /** The body parsed as JSON; throws when it is not JSON. */
  json<T = unknown>(): T;
}

export interface KubeRequestOptions {
  method?: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  /** Bearer token; none means an anonymous request. */
  token?: string;
  /** Sent as JSON (`Content-Type: application/json`). */
  body?: unknown;
  timeoutMs?: number;
}

/**
 * One HTTPS request to a test API server, trusting only its CA. Resolves with any status (a 403 is an answer);
 * rejects only when there is no answer. Uses node:https because fetch() cannot be given a CA without undici.
 */
export function kubeRequest(endpoint: KubeEndpoint, path: string, options: KubeRequestOptions = {}): Promise<KubeResponse> {
  const { method = 'GET', token, body, timeoutMs = 10_000 } = options;
  const payload = body === undefined ? undefined : Buffer.from(JSON.stringify(body));
  const headers: Record<string, string> = { Accept: 'application/json' };
  if (token) headers.Authorization = `Bearer ${token}`;
  if (payload) {
    headers['Content-Type'] = 'application/json';
    headers['Content-Length'] = String(payload.length);
  }
  const target = new URL(path, endpoint.url);
  return new Promise((resolve, reject) => {
    const req = httpsRequest(target, { method, headers, ca: endpoint.caPem, timeout: timeoutMs, agent: false }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('error', reject);
      res.on('end', () => {
        const text = Buffer.concat(chunks).toString('utf8');
        resolve({ status: res.statusCode ?? 0, text, json: <T>() => parseJson<T>(text, method, target) });
      });
    });
    req.on('timeout', () => req.destroy(new Error(`${method} ${target.href} got no answer within ${timeoutMs}ms`)));
    req.on('error', reject);
    req.end(payload);
  });
}

function parseJson<T>(text: string, method: string, target: URL): T {
  try {
    return JSON.parse(text) as T;
  } catch {
    throw new Error(`${method} ${target.href} answered with something other than JSON: ${text.slice(0, 200)}`);
  }
}
