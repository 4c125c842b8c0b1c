import { TestBus } from '@tandem/integration-testing';
import { type HttpAnswer, type ServiceUnderTest, startServiceUnderTest } from '@tandem/testing';

/** One snapshot service process over a test database, a JetStream server and a lab site; the test's seat on the bus. */
export class SnapshotHarness {
  private constructor(
    readonly service: ServiceUnderTest,
    readonly bus: TestBus,
  ) {}

  static async start(opts: { siteDir: string }): Promise<SnapshotHarness> {
    const service = await startServiceUnderTest({ app: 'snapshot', env: { TANDEM_PLATFORM: `lab:${opts.siteDir}` } });
    const bus = await TestBus.open(service.nats.url, service.prefix, 'snapshot').catch(async (error: unknown) => {
      await service.close();
      throw error;
    });
    return new SnapshotHarness(service, bus);
  }

  get url(): string {
    return this.service.url;
  }

  request<T = unknown>(method: string, path: string, body?: string | object, contentType?: string): Promise<HttpAnswer<T>> {
    return this.service.request<T>(method, path, body, contentType);
  }

  async close(): Promise<void> {
    await this.bus.close().catch(() => undefined);
    await this.service.close();
  }
}
