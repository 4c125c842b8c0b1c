/** Small HTTP calls the two-site lab makes to the services it runs, failing with what was asked and what came back. */

const TIMEOUT_MS = 30_000;

async function answer(method: string, url: string, response: Response): Promise<string> {
  const text = await response.text();
  if (!response.ok) throw new Error(`${method} ${url} answered ${response.status}: ${text.slice(0, 2_000)}`);
  return text;
}

export async function getText(url: string): Promise<string> {
  return answer('GET', url, await fetch(url, { signal: AbortSignal.timeout(TIMEOUT_MS) }));
}

export async function getJson<T>(url: string): Promise<T> {
  return JSON.parse(await getText(url)) as T;
}

/** POSTs YAML documents (e.g. to a service's `/v1/resources`) and returns the JSON answer. */
export async function postYaml<T = unknown>(url: string, yaml: string): Promise<T> {
  const response = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/yaml' }, body: yaml, signal: AbortSignal.timeout(TIMEOUT_MS) });
  const text = await answer('POST', url, response);
  return (text ? JSON.parse(text) : undefined) as T;
}

/** POSTs a JSON body and returns the JSON answer. */
export async function postJson<T = unknown>(url: string, body: unknown): Promise<T> {
  const response = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body), signal: AbortSignal.timeout(TIMEOUT_MS) });
  const text = await answer('POST', url, response);
  return (text ? JSON.parse(text) : undefined) as T;
}
