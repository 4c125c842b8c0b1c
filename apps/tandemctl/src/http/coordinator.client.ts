import type { Endpoint } from '../config/tandemctl.config';
import type { FailoverView } from './failover.views';
import type { ResourcesAnswer, SagaMigrationView } from './protect.views';
import { ServiceClient } from './service.client';

const segment = encodeURIComponent;

/** The coordinator's HTTP API (`/v1`): the migrations its protect sagas run, with their stage and progress; one-off Migrations. */
export class CoordinatorClient {
  private readonly http: ServiceClient;

  constructor(endpoint: Endpoint, timeoutMs: number) {
    this.http = new ServiceClient(endpoint, timeoutMs);
  }

  /** Every namespace's when `namespace` is undefined. */
  async listMigrations(namespace?: string): Promise<SagaMigrationView[]> {
    return (await this.http.request<{ items: SagaMigrationView[] }>('GET', '/v1/migrations', { query: { namespace } })).body.items;
  }

  /** Starts the one-off Migration documents of `yaml` (each runs now); `namespace` for those that name none. */
  async apply(yaml: string, namespace: string): Promise<ResourcesAnswer> {
    return (await this.http.request<ResourcesAnswer>('POST', '/v1/resources', { body: yaml, contentType: 'application/yaml', query: { namespace } })).body;
  }

  /** Forgets a finished one-off migration (the coordinator refuses one in progress, or one a schedule fired). */
  async deleteMigration(namespace: string, name: string): Promise<void> {
    await this.http.request('DELETE', `/v1/migrations/${segment(namespace)}/${segment(name)}`);
  }

  async findMigration(namespace: string, name: string): Promise<SagaMigrationView | undefined> {
    const answer = await this.http.request<SagaMigrationView>('GET', `/v1/migrations/${segment(namespace)}/${segment(name)}`, { accept: [404] });
    return answer.status === 404 ? undefined : answer.body;
  }

  /** Every namespace's when `namespace` is undefined. */
  async listFailovers(namespace?: string): Promise<FailoverView[]> {
    return (await this.http.request<{ items: FailoverView[] }>('GET', '/v1/failovers', { query: { namespace } })).body.items;
  }

  async getFailover(namespace: string, name: string): Promise<FailoverView> {
    return (await this.http.request<FailoverView>('GET', failoverPath(namespace, name))).body;
  }

  /** Undefined while the coordinator has not started it (the failover service asks it over the bus). */
  async findFailover(namespace: string, name: string): Promise<FailoverView | undefined> {
    const answer = await this.http.request<FailoverView>('GET', failoverPath(namespace, name), { accept: [404] });
    return answer.status === 404 ? undefined : answer.body;
  }
}

const failoverPath = (namespace: string, name: string): string => `/v1/failovers/${segment(namespace)}/${segment(name)}`;
