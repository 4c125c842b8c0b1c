import type { Client } from 'pg';
import { TestBus } from '@tandem/integration-testing';
import { type HttpAnswer, type ServiceUnderTest, startServiceUnderTest } from '@tandem/testing';

/** One migration service process over a test database and a JetStream server, the test's seat on the bus, and SQL. */
export class MigrationHarness {
  private constructor(
    readonly service: ServiceUnderTest,
    readonly bus: TestBus,
  ) {}

  /** Starts the service on the site `platform` (a TANDEM_PLATFORM value). */
  static async start(opts: { platform: string; env?: Record<string, string> }): Promise<MigrationHarness> {
    const service = await startServiceUnderTest({ app: 'migration', env: { TANDEM_DOMAIN: 'primary', TANDEM_PLATFORM: opts.platform, ...opts.env } });
    const bus = await TestBus.open(service.nats.url, service.prefix, 'migration').catch(async (error: unknown) => {
      await service.close();
      throw error;
    });
    return new MigrationHarness(service, bus);
  }

  get url(): string {
    return this.service.url;
  }

  get sql(): Client {
    return this.service.sql;
  }

  get<T = unknown>(path: string): Promise<HttpAnswer<T>> {
    return this.service.request<T>('GET', path);
  }

  async close(): Promise<void> {
    await this.bus.close().catch(() => undefined);
    await this.service.close();
  }
}
