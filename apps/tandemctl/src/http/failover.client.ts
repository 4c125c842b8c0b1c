import type { Endpoint } from '../config/tandemctl.config';
import type { ClusterDomainView, DomainSwitchAnswer } from './domain.views';
import type { FailoverAccepted, FailoverRequest, FailoverStarted } from './failover.views';
import type { ClusterPairView, ResourcesAnswer } from './protect.views';
import { ServiceClient } from './service.client';

const segment = encodeURIComponent;

/** The failover service's HTTP API (`/v1`): cluster pairs, cluster domains and failovers. */
export class FailoverClient {
  private readonly http: ServiceClient;

  constructor(endpoint: Endpoint, timeoutMs: number) {
    this.http = new ServiceClient(endpoint, timeoutMs);
  }

  /** Applies ClusterPair documents; `namespace` for pairs that name none. */
  async apply(yaml: string, namespace: string): Promise<ResourcesAnswer> {
    return (await this.http.request<ResourcesAnswer>('POST', '/v1/resources', { body: yaml, contentType: 'application/yaml', query: { namespace } })).body;
  }

  /** Every namespace's when `namespace` is undefined. */
  async list(namespace?: string): Promise<ClusterPairView[]> {
    return (await this.http.request<{ items: ClusterPairView[] }>('GET', '/v1/clusterpairs', { query: { namespace } })).body.items;
  }

  async get(namespace: string, name: string): Promise<ClusterPairView> {
    return (await this.http.request<ClusterPairView>('GET', pairPath(namespace, name))).body;
  }

  async find(namespace: string, name: string): Promise<ClusterPairView | undefined> {
    const answer = await this.http.request<ClusterPairView>('GET', pairPath(namespace, name), { accept: [404] });
    return answer.status === 404 ? undefined : answer.body;
  }

  async delete(namespace: string, name: string): Promise<void> {
    await this.http.request('DELETE', pairPath(namespace, name));
  }

  /** Checks the pair again now (reachability of the destination, its object store); answers the pair. */
  async validate(namespace: string, name: string): Promise<ClusterPairView> {
    return (await this.http.request<ClusterPairView>('POST', `${pairPath(namespace, name)}/validate`)).body;
  }

  /** The ClusterPair document for the source to apply, as the service writes it (YAML). */
  async generate(namespace: string, name: string): Promise<string> {
    return (await this.http.requestText('GET', '/v1/clusterpairs/generate', { query: { namespace, name } })).body;
  }

  /** Every cluster domain this site knows, with its status. */
  async listDomains(): Promise<ClusterDomainView[]> {
    return (await this.http.request<{ items: ClusterDomainView[] }>('GET', '/v1/clusterdomains')).body.items;
  }

  async getDomain(name: string): Promise<ClusterDomainView> {
    return (await this.http.request<ClusterDomainView>('GET', `/v1/clusterdomains/${segment(name)}`)).body;
  }

  /** Activates or deactivates (fences) a cluster domain. */
  async switchDomain(name: string, action: 'activate' | 'deactivate'): Promise<DomainSwitchAnswer> {
    return (await this.http.request<DomainSwitchAnswer>('POST', `/v1/clusterdomains/${segment(name)}/${action}`)).body;
  }

  /** Starts a failover of the application a migration schedule protects to this site. */
  async startFailover(request: FailoverRequest): Promise<FailoverStarted> {
    const answer = (await this.http.request<FailoverAccepted>('POST', '/v1/failovers', { body: JSON.stringify(request), contentType: 'application/json' })).body;
    const { input } = answer;
    return {
      name: answer.failover,
      namespace: input?.namespace ?? request.namespace,
      ...(input?.sourceDomain ? { sourceDomain: input.sourceDomain } : {}),
      ...(input?.destinationDomain ? { destinationDomain: input.destinationDomain } : {}),
      ...(input?.namespaces ? { namespaces: input.namespaces } : {}),
    };
  }
}

const pairPath = (namespace: string, name: string): string => `/v1/clusterpairs/${segment(namespace)}/${segment(name)}`;
