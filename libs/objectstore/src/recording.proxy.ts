import { createServer, request, type IncomingHttpHeaders, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/** One request that went through the proxy. */
export interface ProxiedRequest {
  method: string;
  path: string;
  headers: IncomingHttpHeaders;
  status: number;
  /** True if the proxy damaged this request's body on the way. */
  corrupted: boolean;
}

/**
 * A test-only HTTP proxy in front of a real server that records requests and can damage the body of the next
 * N uploads (one byte flipped), to prove that the server refuses corrupted bytes and the client recovers.
 */
export class RecordingProxy {
  readonly requests: ProxiedRequest[] = [];
  private corruptNext = 0;
  private readonly server = createServer((req, res) => this.forward(req, res));
  private readonly upstream: URL;
  private port = 0;

  private constructor(target: string) {
    this.upstream = new URL(target);
  }

  static async start(target: string): Promise<RecordingProxy> {
    const proxy = new RecordingProxy(target);
    await new Promise<void>((resolve) => proxy.server.listen(0, '127.0.0.1', resolve));
    proxy.port = (proxy.server.address() as AddressInfo).port;
    return proxy;
  }

  get url(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  /** Damage the body of the next `count` PUT requests. */
  corruptUploads(count: number): void {
    this.corruptNext = count;
  }

  close(): Promise<void> {
    this.server.closeAllConnections();
    return new Promise((resolve) => this.server.close(() => resolve()));
  }

  private forward(req: IncomingMessage, res: ServerResponse): void {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const body = Buffer.concat(chunks);
      const corrupted = req.method === 'PUT' && body.length > 0 && this.corruptNext > 0;
      if (corrupted) {
        this.corruptNext--;
        const at = body.length >> 1;
        body[at] = (body[at] ?? 0) ^ 0xff;
      }
      const { hostname: host, port } = this.upstream;
      const upstream = request({ host, port, method: req.method, path: req.url, headers: req.headers }, (answer) => {
        const status = answer.statusCode ?? 502;
        this.requests.push({ method: req.method ?? '', path: req.url ?? '', headers: req.headers, status, corrupted });
        res.writeHead(status, answer.headers);
        answer.pipe(res);
      });
      upstream.on('error', (error) => res.destroy(error));
      upstream.end(body);
    });
  }
}
