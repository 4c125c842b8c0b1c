import type { Endpoint } from '../config/tandemctl.config';
import type { SagaMigrationView } from './protect.views';
import { ServiceClient } from './service.client';

const segment = encodeURIComponent;

/** The coordinator's HTTP API (`/v1`): the migrations its protect sagas run, with their stage and progress. */
export class CoordinatorClient {
  private readonly http: ServiceClient;

  constructor(endpoint: Endpoint, timeoutMs: number) {
    this.http = new ServiceClient(endpoint, timeoutMs);
  }

  /** Every namespace's when `namespace` is undefined. */
  async listMigrations(namespace?: string): Promise<SagaMigrationView[]> {
    return (await this.http.request<{ items: SagaMigrationView[] }>('GET', '/v1/migrations', { query: { namespace } })).body.items;
  }

  async findMigration(namespace: string, name: string): Promise<SagaMigrationView | undefined> {
    const answer = await this.http.request<SagaMigrationView>('GET', `/v1/migrations/${segment(namespace)}/${segment(name)}`, { accept: [404] });
    return answer.status === 404 ? undefined : answer.body;
  }
}
