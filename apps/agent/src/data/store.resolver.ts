import type { NatsConnection } from '@nats-io/nats-core';
import type { StoreRef } from '@tandem/contracts';
import { FsObjectStore, NatsObjectStore, type ObjectStore, S3ObjectStore } from '@tandem/objectstore';
import type { BandwidthLimiter } from './bandwidth.limiter';
import type { SecretReader } from './secret.reader';
import { ThrottledObjectStore } from './throttled.object-store';

/**
 * Opens the object store a command names. Credentials are read from the references at the moment of opening and
 * handed to the store, never logged or kept. The caller closes the store when the job is done.
 */
export class StoreResolver {
  constructor(
    private readonly opts: {
      secrets: SecretReader;
      nc: NatsConnection;
      /** Shared by all uploads of this agent; none, no limit. */
      limiter?: BandwidthLimiter;
    },
  ) {}

  /** `signal`: the job's; uploads waiting for bandwidth stop waiting when it fires. */
  async open(ref: StoreRef, signal?: AbortSignal): Promise<ObjectStore> {
    const store = await this.openRaw(ref);
    return this.opts.limiter ? new ThrottledObjectStore(store, this.opts.limiter, signal) : store;
  }

  private async openRaw(ref: StoreRef): Promise<ObjectStore> {
    switch (ref.kind) {
      case 'fs':
        return new FsObjectStore(ref.path);
      case 'nats':
        // Over the agent's own NATS connection (its site's JetStream domain); the bucket is created on first use.
        return NatsObjectStore.open(this.opts.nc, ref.bucket);
      case 's3':
        return new S3ObjectStore({
          ...(ref.endpoint ? { endpoint: ref.endpoint } : {}),
          region: ref.region,
          bucket: ref.bucket,
          ...(ref.prefix ? { prefix: ref.prefix } : {}),
          ...(ref.forcePathStyle !== undefined ? { forcePathStyle: ref.forcePathStyle } : {}),
          credentials: await this.opts.secrets.s3Credentials(ref.credentialsRef),
        });
    }
  }
}
