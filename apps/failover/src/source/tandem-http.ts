import { describeError } from '../pairs/with-timeout';

/** A failure of a call to another Tandem service of this site, saying which call and what it answered. */
export class CallFailed extends Error {
  constructor(
    message: string,
    readonly status?: number,
  ) {
    super(message);
  }
}

const REQUEST_TIMEOUT_MS = 15_000;

/** Calls a JSON endpoint of this site's scheduler or coordinator; a non-2xx answer is `CallFailed` with its message. */
export async function callJson<T>(service: string, base: string, method: 'GET' | 'POST', path: string, body?: object): Promise<T> {
  const url = `${base.replace(/\/+$/, '')}${path}`;
  let res: Response;
  try {
    res = await fetch(url, {
      method,
      ...(body === undefined ? {} : { body: JSON.stringify(body), headers: { 'content-type': 'application/json' } }),
      signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS),
    });
  } catch (error) {
    throw new CallFailed(`${method} ${url} (this site's ${service}) did not answer: ${describeError(error)}`);
  }
  const text = await res.text();
  let parsed: unknown;
  try {
    parsed = text ? JSON.parse(text) : undefined;
  } catch {
    parsed = text;
  }
  if (!res.ok) {
    const message = (parsed as { message?: unknown } | undefined)?.message;
    const said = typeof message === 'string' ? message : typeof message === 'object' ? JSON.stringify(message) : text.slice(0, 500);
    throw new CallFailed(`${method} ${url} (this site's ${service}) answered ${res.status}: ${said}`, res.status);
  }
  return parsed as T;
}
