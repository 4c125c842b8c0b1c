import type { ObjectInfo, ObjectStore } from '@tandem/objectstore';
import type { BandwidthLimiter } from './bandwidth.limiter';

/**
 * An object store whose uploads share one bandwidth limit (TANDEM_AGENT_UPLOAD_BYTES_PER_SECOND). An upload waiting
 * for its turn gives up when the job's signal fires, so a stopped job does not linger in the queue.
 */
export class ThrottledObjectStore implements ObjectStore {
  constructor(
    private readonly inner: ObjectStore,
    private readonly limiter: BandwidthLimiter,
    private readonly signal?: AbortSignal,
  ) {}

  get kind(): ObjectStore['kind'] {
    return this.inner.kind;
  }

  get location(): string {
    return this.inner.location;
  }

  async put(key: string, data: Uint8Array, opts?: { ifAbsent?: boolean }): Promise<{ written: boolean }> {
    await this.limiter.take(data.byteLength, this.signal);
    return this.inner.put(key, data, opts);
  }

  get(key: string): Promise<Uint8Array> {
    return this.inner.get(key);
  }

  getRange(key: string, offset: number, length: number): Promise<Uint8Array> {
    return this.inner.getRange(key, offset, length);
  }

  head(key: string): Promise<ObjectInfo | undefined> {
    return this.inner.head(key);
  }

  list(prefix: string): AsyncIterable<ObjectInfo> {
    return this.inner.list(prefix);
  }

  delete(key: string): Promise<void> {
    return this.inner.delete(key);
  }

  close(): Promise<void> {
    return this.inner.close();
  }
}
