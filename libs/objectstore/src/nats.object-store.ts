import { jetstream, type JetStreamClient } from '@nats-io/jetstream';
import type { NatsConnection } from '@nats-io/nats-core';
import { Objm, type ObjectInfo as NatsObjectInfo, type ObjectStore as NatsBucket, StorageType } from '@nats-io/obj';
import { isWrongLastSequence, natsErrorClassifier } from './nats.errors';
import { readObjectData, readObjectRange } from './nats-object.reader';
import { checkKey, checkRange, ObjectInfo, ObjectNotFoundError, ObjectStore } from './object-store.port';
import { StoreCallOptions, StoreCallRunner } from './store-call.runner';

export interface NatsObjectStoreOptions extends StoreCallOptions {
  /** Copies of each message in a JetStream cluster (1, 3 or 5). Default 1. Only used when the bucket is created. */
  replicas?: number;
  /** Upper bound of the bucket's size in bytes; writes beyond it fail. Default: unlimited. Only at creation. */
  maxBytes?: number;
  /** Bytes per chunk message, at most the server's max_payload. Default 128 KiB (the obj client's). */
  chunkSize?: number;
  /** Timeout of each JetStream request (each chunk's publish included). Default: the client's (5 s). */
  requestTimeoutMs?: number;
  /** A read is given up (and retried) when no chunk arrives for this long. Default 15 s. */
  readIdleTimeoutMs?: number;
}

const BUCKET_NAME = /^[-\w]+$/;

/**
 * Objects in a JetStream object store bucket (file storage), the default store: it needs nothing but the NATS
 * server Tandem already runs. The obj client splits an object into chunk messages and writes a metadata
 * message last, so a reader sees the whole object or none of it; it checks each object's SHA-256 on read.
 *
 * `ifAbsent` and concurrent writers: every write expects the metadata revision it read
 * (`Nats-Expected-Last-Subject-Sequence`, 0 for "none yet"), so of two writers racing on one key exactly one
 * metadata message wins and the loser's chunks are purged, never left behind as orphans.
 */
export class NatsObjectStore implements ObjectStore {
  readonly kind = 'nats' as const;
  readonly location: string;
  private readonly js: JetStreamClient;
  private readonly calls: StoreCallRunner;
  private opened: Promise<NatsBucket> | undefined;

  /** The bucket is created (file storage) on first use if it does not exist; `open()` does it at once. */
  constructor(
    nats: NatsConnection | JetStreamClient,
    readonly bucket: string,
    private readonly options: NatsObjectStoreOptions = {},
  ) {
    if (!BUCKET_NAME.test(bucket)) {
      throw new Error(`invalid NATS object store bucket name "${bucket}": use letters, digits, '-' and '_' only`);
    }
    const nc = 'getServer' in nats ? nats : (nats as { nc?: NatsConnection }).nc;
    this.js = 'getServer' in nats ? jetstream(nats, timeoutOption(options)) : nats;
    this.location = `nats://${nc?.getServer() ?? '(jetstream)'}/${bucket}`;
    this.calls = new StoreCallRunner(this, natsErrorClassifier(bucket), options);
  }

  /** A store whose bucket exists (created if missing): fails here, at startup, rather than at the first write. */
  static async open(nats: NatsConnection | JetStreamClient, bucket: string, options?: NatsObjectStoreOptions): Promise<NatsObjectStore> {
    const store = new NatsObjectStore(nats, bucket, options);
    await store.handle();
    return store;
  }

  async put(key: string, data: Uint8Array, opts: { ifAbsent?: boolean } = {}): Promise<{ written: boolean }> {
    checkKey(key);
    const bucket = await this.handle();
    return this.calls.run('put', key, async () => {
      const current = await bucket.info(key);
      if (opts.ifAbsent && current && !current.deleted) return { written: false };
      try {
        await bucket.putBlob({ name: key, options: this.chunkOption() }, data, {
          previousRevision: current?.revision ?? 0,
          ...(this.options.requestTimeoutMs ? { timeout: this.options.requestTimeoutMs } : {}),
        });
        return { written: true };
      } catch (error) {
        if (!isWrongLastSequence(error)) throw error;
        // Another writer replaced the object after we read its revision. For a plain put that is a valid order
        // (ours first, then theirs, which overwrote it); for ifAbsent the object now exists, unless the other
        // writer deleted it, in which case we try again.
        if (!opts.ifAbsent) return { written: true };
        const now = await bucket.info(key);
        if (now && !now.deleted) return { written: false };
        throw Object.assign(new Error(`object ${key} changed while it was written; trying again`, { cause: error }), {
          retryable: true,
        });
      }
    });
  }

  async get(key: string): Promise<Uint8Array> {
    checkKey(key);
    const bucket = await this.handle();
    return this.calls.run('get', key, async () => {
      const result = await bucket.get(key);
      if (!result) throw new ObjectNotFoundError(key, this.location);
      return readObjectData(result, key, this.options.readIdleTimeoutMs ?? 15_000);
    });
  }

  async getRange(key: string, offset: number, length: number): Promise<Uint8Array> {
    checkKey(key);
    checkRange(offset, length);
    const bucket = await this.handle();
    return this.calls.run('get', key, async () => {
      const result = await bucket.get(key);
      if (!result) throw new ObjectNotFoundError(key, this.location);
      return readObjectRange(result, key, offset, length, this.options.readIdleTimeoutMs ?? 15_000);
    });
  }

  async head(key: string): Promise<ObjectInfo | undefined> {
    checkKey(key);
    const bucket = await this.handle();
    const info = await this.calls.run('head', key, () => bucket.info(key));
    return info && !info.deleted ? toObjectInfo(info) : undefined;
  }

  /**
   * Keys starting with `prefix`, sorted. Names are encoded in the metadata subjects, so the server cannot
   * filter by prefix: this reads the metadata of the whole bucket (one small message per object).
   */
  async *list(prefix: string): AsyncIterable<ObjectInfo> {
    const bucket = await this.handle();
    const all = await this.calls.run('list', prefix, () => bucket.list());
    const found = all.filter((info) => !info.deleted && info.name.startsWith(prefix)).map(toObjectInfo);
    found.sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
    yield* found;
  }

  async delete(key: string): Promise<void> {
    checkKey(key);
    const bucket = await this.handle();
    await this.calls.run('delete', key, async () => {
      const info = await bucket.info(key);
      if (info && !info.deleted) await bucket.delete(key);
    });
  }

  /** The NATS connection belongs to the caller, who closes it. */
  async close(): Promise<void> {}

  private handle(): Promise<NatsBucket> {
    this.opened ??= this.calls
      .run('open', undefined, () =>
        new Objm(this.js).create(this.bucket, {
          storage: StorageType.File,
          replicas: this.options.replicas ?? 1,
          ...(this.options.maxBytes ? { max_bytes: this.options.maxBytes } : {}),
          description: 'Tandem recovery points (chunks and manifests)',
        }),
      )
      .catch((error: unknown) => {
        this.opened = undefined; // try again on the next call
        throw error;
      });
    return this.opened;
  }

  private chunkOption(): { max_chunk_size?: number } {
    return this.options.chunkSize ? { max_chunk_size: this.options.chunkSize } : {};
  }
}

function toObjectInfo(info: NatsObjectInfo): ObjectInfo {
  return { key: info.name, size: info.size, modified: new Date(info.mtime) };
}

function timeoutOption(options: NatsObjectStoreOptions): { timeout?: number } {
  return options.requestTimeoutMs ? { timeout: options.requestTimeoutMs } : {};
}
