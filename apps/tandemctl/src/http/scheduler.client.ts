import type { Endpoint } from '../config/tandemctl.config';
import { ServiceClient } from './service.client';
import type { ApplyAnswer, MigrationView, PolicyView, ScheduleView } from './scheduler.views';

const segment = encodeURIComponent;

/** The scheduler's HTTP API (`/v1`): schedule policies, migration schedules and the migrations they started. */
export class SchedulerClient {
  private readonly http: ServiceClient;

  constructor(endpoint: Endpoint, timeoutMs: number) {
    this.http = new ServiceClient(endpoint, timeoutMs);
  }

  /** Applies SchedulePolicy and MigrationSchedule documents, all or nothing; `namespace` for schedules that name none. */
  async apply(yaml: string, namespace: string): Promise<ApplyAnswer> {
    return (await this.http.request<ApplyAnswer>('POST', '/v1/resources', { body: yaml, contentType: 'application/yaml', query: { namespace } })).body;
  }

  async listPolicies(): Promise<PolicyView[]> {
    return (await this.http.request<{ items: PolicyView[] }>('GET', '/v1/schedule-policies')).body.items;
  }

  async getPolicy(name: string): Promise<PolicyView> {
    return (await this.http.request<PolicyView>('GET', `/v1/schedule-policies/${segment(name)}`)).body;
  }

  async findPolicy(name: string): Promise<PolicyView | undefined> {
    const answer = await this.http.request<PolicyView>('GET', `/v1/schedule-policies/${segment(name)}`, { accept: [404] });
    return answer.status === 404 ? undefined : answer.body;
  }

  async deletePolicy(name: string): Promise<void> {
    await this.http.request('DELETE', `/v1/schedule-policies/${segment(name)}`);
  }

  /** Every namespace's when `namespace` is undefined. */
  async listSchedules(namespace?: string): Promise<ScheduleView[]> {
    return (await this.http.request<{ items: ScheduleView[] }>('GET', '/v1/migration-schedules', { query: { namespace } })).body.items;
  }

  async getSchedule(namespace: string, name: string): Promise<ScheduleView> {
    return (await this.http.request<ScheduleView>('GET', `/v1/migration-schedules/${segment(namespace)}/${segment(name)}`)).body;
  }

  async findSchedule(namespace: string, name: string): Promise<ScheduleView | undefined> {
    const answer = await this.http.request<ScheduleView>('GET', `/v1/migration-schedules/${segment(namespace)}/${segment(name)}`, { accept: [404] });
    return answer.status === 404 ? undefined : answer.body;
  }

  async setSuspended(namespace: string, name: string, suspend: boolean): Promise<ScheduleView> {
    return (await this.http.request<ScheduleView>('POST', `/v1/migration-schedules/${segment(namespace)}/${segment(name)}/${suspend ? 'suspend' : 'resume'}`)).body;
  }

  async deleteSchedule(namespace: string, name: string): Promise<void> {
    await this.http.request('DELETE', `/v1/migration-schedules/${segment(namespace)}/${segment(name)}`);
  }

  /** Newest first. */
  async listMigrations(filter: { namespace?: string; schedule?: string }): Promise<MigrationView[]> {
    return (await this.http.request<{ items: MigrationView[] }>('GET', '/v1/migrations', { query: filter })).body.items;
  }
}
