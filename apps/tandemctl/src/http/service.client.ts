import type { Endpoint } from '../config/tandemctl.config';
import { ErrorBody, ServiceAnswerError, ServiceUnreachableError, unreachableReason } from './service-errors';

export interface Answer<T> {
  status: number;
  body: T;
}

export interface RequestOptions {
  body?: string;
  contentType?: string;
  query?: Record<string, string | undefined>;
  /** Statuses answered as data rather than thrown (e.g. 404 when asking whether something exists). */
  accept?: readonly number[];
}

/** JSON over HTTP to one Tandem service; an error status is thrown as ServiceAnswerError with the service's message. */
export class ServiceClient {
  constructor(
    readonly endpoint: Endpoint,
    private readonly timeoutMs: number,
  ) {}

  async request<T>(method: string, path: string, options: RequestOptions = {}): Promise<Answer<T>> {
    const { status, body } = await this.send(method, path, options, 'application/json');
    return { status, body: parseBody(body) as T };
  }

  /** The answer's text as sent (a YAML document, say); an error answer is still read as JSON. */
  async requestText(method: string, path: string, options: RequestOptions = {}): Promise<Answer<string>> {
    return this.send(method, path, options, 'application/yaml, text/yaml, text/plain, application/json');
  }

  private async send(method: string, path: string, options: RequestOptions, accept: string): Promise<Answer<string>> {
    const url = new URL(`${this.endpoint.url}${path}`);
    for (const [key, value] of Object.entries(options.query ?? {})) if (value !== undefined) url.searchParams.set(key, value);
    let response: Response;
    try {
      response = await fetch(url, {
        method,
        headers: { accept, ...(options.body !== undefined ? { 'content-type': options.contentType ?? 'application/json' } : {}) },
        ...(options.body !== undefined ? { body: options.body } : {}),
        signal: AbortSignal.timeout(this.timeoutMs),
      });
    } catch (error) {
      throw new ServiceUnreachableError(this.endpoint, unreachableReason(error, this.timeoutMs));
    }
    const text = await response.text();
    if (response.ok || options.accept?.includes(response.status)) return { status: response.status, body: text };
    throw new ServiceAnswerError(this.endpoint, response.status, errorBody(parseBody(text), text, response.status));
  }
}

function parseBody(text: string): unknown {
  if (!text) return undefined;
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

function errorBody(body: unknown, text: string, status: number): ErrorBody {
  if (typeof body === 'object' && body !== null) return body as ErrorBody;
  return { message: text.trim() ? `answered ${status}: ${text.trim().slice(0, 300)}` : `answered ${status} with no message` };
}
