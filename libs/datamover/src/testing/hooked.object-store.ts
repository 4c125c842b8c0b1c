import { ObjectInfo, ObjectStore } from '@tandem/objectstore';

export interface StoreHooks {
  beforeHead?(key: string): Promise<void> | void;
  beforePut?(key: string): Promise<void> | void;
}

/** A real store with hooks before some calls, to pause or slow a backup at a chosen point (test helper). */
export class HookedObjectStore implements ObjectStore {
  readonly kind: ObjectStore['kind'];
  readonly location: string;

  constructor(
    private readonly inner: ObjectStore,
    public hooks: StoreHooks = {},
  ) {
    this.kind = inner.kind;
    this.location = inner.location;
  }

  async put(key: string, data: Uint8Array, opts?: { ifAbsent?: boolean }): Promise<{ written: boolean }> {
    await this.hooks.beforePut?.(key);
    return this.inner.put(key, data, opts);
  }
  async get(key: string): Promise<Uint8Array> {
    return this.inner.get(key);
  }
  async getRange(key: string, offset: number, length: number): Promise<Uint8Array> {
    return this.inner.getRange(key, offset, length);
  }
  async head(key: string): Promise<ObjectInfo | undefined> {
    await this.hooks.beforeHead?.(key);
    return this.inner.head(key);
  }
  list(prefix: string): AsyncIterable<ObjectInfo> {
    return this.inner.list(prefix);
  }
  async delete(key: string): Promise<void> {
    return this.inner.delete(key);
  }
  async close(): Promise<void> {
    return this.inner.close();
  }
}

/** A gate a hook can wait at until the test opens it. `reached` resolves when the first caller arrives. */
export class Gate {
  private open!: () => void;
  private arrive!: () => void;
  readonly opened = new Promise<void>((r) => (this.open = r));
  readonly reached = new Promise<void>((r) => (this.arrive = r));

  async pass(): Promise<void> {
    this.arrive();
    await this.opened;
  }

  release(): void {
    this.open();
  }
}
