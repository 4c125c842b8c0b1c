import type { Endpoint } from '../config/tandemctl.config';
import type { ApplicationView } from './protect.views';
import { ServiceClient } from './service.client';

/** The replication service's HTTP API (`/v1`): the protected applications, their recovery points and RPO. */
export class ReplicationClient {
  private readonly http: ServiceClient;

  constructor(endpoint: Endpoint, timeoutMs: number) {
    this.http = new ServiceClient(endpoint, timeoutMs);
  }

  async listApplications(): Promise<ApplicationView[]> {
    return (await this.http.request<{ items: ApplicationView[] }>('GET', '/v1/applications')).body.items;
  }
}
