import { createServer, IncomingMessage, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/** What a recorded service answers: a status (200 by default) and a body (JSON unless a content type says otherwise). */
export interface RecordedAnswer {
  status?: number;
  body?: unknown;
  contentType?: string;
}

/** A request the recorded service received. */
export interface ReceivedRequest {
  method: string;
  /** Path and query as sent, e.g. `/v1/clusterpairs?namespace=appns`. */
  url: string;
  contentType?: string;
  body: string;
}

export type Route = RecordedAnswer | ((request: ReceivedRequest) => RecordedAnswer);

export interface RecordedService {
  url: string;
  requests: ReceivedRequest[];
  close(): Promise<void>;
}

/**
 * An HTTP server on 127.0.0.1 that answers from recorded answers keyed `METHOD /path?query`, and keeps what it was
 * sent: stands for a Tandem service tandemctl talks to, in tests that exercise the client and its output over real
 * HTTP. A request nothing was recorded for is answered 404 naming it, so a test sees what was asked.
 */
export async function startRecordedService(routes: Record<string, Route>): Promise<RecordedService> {
  const requests: ReceivedRequest[] = [];
  const server = createServer((req: IncomingMessage, res: ServerResponse) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const request: ReceivedRequest = {
        method: req.method ?? 'GET',
        url: req.url ?? '/',
        ...(req.headers['content-type'] ? { contentType: req.headers['content-type'] } : {}),
        body: Buffer.concat(chunks).toString('utf8'),
      };
      requests.push(request);
      const route = routes[`${request.method} ${request.url}`];
      const answer: RecordedAnswer = route === undefined ? { status: 404, body: { error: 'not-recorded', message: `nothing recorded for ${request.method} ${request.url}` } } : typeof route === 'function' ? route(request) : route;
      const text = typeof answer.body === 'string' && answer.contentType ? answer.body : answer.body === undefined ? '' : JSON.stringify(answer.body);
      res.writeHead(answer.status ?? 200, { 'content-type': answer.contentType ?? 'application/json' });
      res.end(text);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    close: () => new Promise<void>((resolve, reject) => server.close((error) => (error ? reject(error) : resolve()))),
  };
}
