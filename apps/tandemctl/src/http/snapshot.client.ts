import type { Endpoint } from '../config/tandemctl.config';
import type { ResourcesAnswer, RuleView } from './protect.views';
import { ServiceClient } from './service.client';

const segment = encodeURIComponent;

/** The snapshot service's HTTP API (`/v1`): rules. */
export class SnapshotClient {
  private readonly http: ServiceClient;

  constructor(endpoint: Endpoint, timeoutMs: number) {
    this.http = new ServiceClient(endpoint, timeoutMs);
  }

  /** Applies Rule documents; `namespace` for rules that name none. */
  async apply(yaml: string, namespace: string): Promise<ResourcesAnswer> {
    return (await this.http.request<ResourcesAnswer>('POST', '/v1/resources', { body: yaml, contentType: 'application/yaml', query: { namespace } })).body;
  }

  /** Every namespace's when `namespace` is undefined. */
  async list(namespace?: string): Promise<RuleView[]> {
    return (await this.http.request<{ items: RuleView[] }>('GET', '/v1/rules', { query: { namespace } })).body.items;
  }

  async get(namespace: string, name: string): Promise<RuleView> {
    return (await this.http.request<RuleView>('GET', rulePath(namespace, name))).body;
  }

  async find(namespace: string, name: string): Promise<RuleView | undefined> {
    const answer = await this.http.request<RuleView>('GET', rulePath(namespace, name), { accept: [404] });
    return answer.status === 404 ? undefined : answer.body;
  }

  async delete(namespace: string, name: string): Promise<void> {
    await this.http.request('DELETE', rulePath(namespace, name));
  }
}

const rulePath = (namespace: string, name: string): string => `/v1/rules/${segment(namespace)}/${segment(name)}`;
