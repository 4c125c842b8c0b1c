import type { Endpoint } from '../config/tandemctl.config';
import type { ActivationAnswer } from './domain.views';
import { ServiceClient } from './service.client';

/** The migration service's HTTP API (`/v1`): activation of the migrated applications on its site. */
export class MigrationClient {
  private readonly http: ServiceClient;

  constructor(endpoint: Endpoint, timeoutMs: number) {
    this.http = new ServiceClient(endpoint, timeoutMs);
  }

  async switchApplications(action: 'activate' | 'deactivate', namespaces: string[]): Promise<ActivationAnswer> {
    return (await this.http.request<ActivationAnswer>('POST', '/v1/activations', { body: JSON.stringify({ namespaces, action }) })).body;
  }
}
