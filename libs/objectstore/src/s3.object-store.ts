import { createHash } from 'node:crypto';
import {
  DeleteObjectCommand,
  GetObjectCommand,
  HeadObjectCommand,
  ListObjectsV2Command,
  PutObjectCommand,
  S3Client,
} from '@aws-sdk/client-s3';
import { checkKey, checkRange, ObjectInfo, ObjectNotFoundError, ObjectStore } from './object-store.port';
import { ConditionalWriteMode, isPreconditionFailed, PROBE_DIR, probeIfNoneMatch } from './s3-conditional-write.probe';
import { httpStatus, s3ErrorClassifier, s3ErrorName } from './s3.errors';
import { StoreCallOptions, StoreCallRunner } from './store-call.runner';

export interface S3ObjectStoreOptions extends StoreCallOptions {
  /** For S3-compatible servers, e.g. `http://127.0.0.1:8333`. Default: AWS for the region. */
  endpoint?: string;
  region: string;
  bucket: string;
  /** Keys are stored under `<prefix>/`; `/`-separated segments like keys. Default: the bucket's root. */
  prefix?: string;
  /** `http(s)://endpoint/bucket/key` instead of `bucket.endpoint/key`; most S3-compatible servers need it. */
  forcePathStyle?: boolean;
  /** From the caller (a Secret, the environment); never written in code or logged. */
  credentials: { accessKeyId: string; secretAccessKey: string; sessionToken?: string };
  /** How `ifAbsent` is enforced; see ConditionalWriteMode. Default `auto`. */
  conditionalWrites?: ConditionalWriteMode;
  /** Longest a single request (and its response) may take. Default 120 s. */
  requestTimeoutMs?: number;
}

/** Metadata entry holding the MD5 of the bytes as uploaded, checked again on every read. */
const MD5_META = 'tandem-md5';

/**
 * Objects in an S3 bucket (AWS or compatible), under an optional prefix. Every upload carries `Content-MD5`, so
 * the server refuses bytes damaged on the way (BadDigest, retried); reads are checked against the MD5 stored in
 * the object's metadata. `ifAbsent` uses `If-None-Match: *` where the server honours it, else HEAD-then-PUT
 * (see ConditionalWriteMode for that race and why it is harmless for content-addressed chunks). Objects are
 * uploaded in one PutObject (up to 5 GiB; Tandem's chunks are a few MiB). The SDK's own retries are off:
 * `withRetries` is the only retry layer, so attempts do not multiply.
 */
export class S3ObjectStore implements ObjectStore {
  readonly kind = 's3' as const;
  readonly location: string;
  private readonly client: S3Client;
  private readonly bucket: string;
  private readonly keyPrefix: string;
  private readonly calls: StoreCallRunner;
  private ifNoneMatch: Promise<boolean> | undefined;

  constructor(private readonly options: S3ObjectStoreOptions) {
    const { accessKeyId, secretAccessKey } = options.credentials ?? {};
    if (!accessKeyId || !secretAccessKey) {
      throw new Error('S3ObjectStore needs credentials.accessKeyId and credentials.secretAccessKey (from a Secret or the environment)');
    }
    if (!options.bucket) throw new Error('S3ObjectStore needs a bucket name');
    if (!options.region) throw new Error('S3ObjectStore needs a region (any value, e.g. "us-east-1", for most S3-compatible servers)');
    this.bucket = options.bucket;
    this.keyPrefix = normalizePrefix(options.prefix);
    this.location = `s3://${this.bucket}/${this.keyPrefix}${options.endpoint ? ` at ${options.endpoint}` : ` in ${options.region}`}`;
    this.client = new S3Client({
      region: options.region,
      ...(options.endpoint ? { endpoint: options.endpoint } : {}),
      forcePathStyle: options.forcePathStyle ?? false,
      credentials: options.credentials,
      maxAttempts: 1,
      requestChecksumCalculation: 'WHEN_REQUIRED',
      responseChecksumValidation: 'WHEN_SUPPORTED',
      requestHandler: { connectionTimeout: 5_000, requestTimeout: options.requestTimeoutMs ?? 120_000, throwOnRequestTimeout: true },
    });
    this.calls = new StoreCallRunner(this, s3ErrorClassifier, options);
  }

  async put(key: string, data: Uint8Array, opts: { ifAbsent?: boolean } = {}): Promise<{ written: boolean }> {
    const Key = this.objectKey(key);
    const md5 = createHash('md5').update(data).digest('base64');
    const conditional = opts.ifAbsent ? await this.supportsIfNoneMatch() : false;
    return this.calls.run('put', key, async () => {
      if (opts.ifAbsent && !conditional && (await this.headObject(Key))) return { written: false };
      try {
        await this.client.send(
          new PutObjectCommand({
            Bucket: this.bucket,
            Key,
            Body: data,
            ContentLength: data.byteLength,
            ContentMD5: md5,
            ContentType: 'application/octet-stream',
            Metadata: { [MD5_META]: md5 },
            ...(conditional ? { IfNoneMatch: '*' } : {}),
          }),
        );
        return { written: true };
      } catch (error) {
        if (conditional && isPreconditionFailed(error)) return { written: false };
        throw error;
      }
    });
  }

  async get(key: string): Promise<Uint8Array> {
    const Key = this.objectKey(key);
    return this.calls.run('get', key, async () => {
      try {
        const out = await this.client.send(new GetObjectCommand({ Bucket: this.bucket, Key, ChecksumMode: 'ENABLED' }));
        const bytes = (await out.Body?.transformToByteArray()) ?? new Uint8Array(0);
        const expected = out.Metadata?.[MD5_META];
        if (expected && createHash('md5').update(bytes).digest('base64') !== expected) {
          throw Object.assign(new Error(`the bytes read for ${key} do not match the MD5 stored with them`), {
            retryable: true,
            hint: 'The stored object is damaged (or was replaced by another program): restore it from another copy.',
          });
        }
        return bytes;
      } catch (error) {
        if (isNoSuchKey(error)) throw new ObjectNotFoundError(key, this.location);
        throw error;
      }
    });
  }

  /** One GET with a `Range` header; the MD5 kept with the object covers all of it, so a part is not checked. */
  async getRange(key: string, offset: number, length: number): Promise<Uint8Array> {
    const Key = this.objectKey(key);
    checkRange(offset, length);
    if (length === 0) {
      if (!(await this.head(key))) throw new ObjectNotFoundError(key, this.location);
      return new Uint8Array(0);
    }
    return this.calls.run('get', key, async () => {
      try {
        const Range = `bytes=${offset}-${offset + length - 1}`;
        const out = await this.client.send(new GetObjectCommand({ Bucket: this.bucket, Key, Range }));
        return (await out.Body?.transformToByteArray()) ?? new Uint8Array(0);
      } catch (error) {
        if (isNoSuchKey(error)) throw new ObjectNotFoundError(key, this.location);
        if (httpStatus(error) === 416) return new Uint8Array(0); // the range starts at or past the end
        throw error;
      }
    });
  }

  async head(key: string): Promise<ObjectInfo | undefined> {
    const Key = this.objectKey(key);
    const found = await this.calls.run('head', key, () => this.headObject(Key));
    return found && { key, ...found };
  }

  /** Keys starting with `prefix`, in S3's order (by UTF-8 bytes), a page of up to 1,000 at a time. */
  async *list(prefix: string): AsyncIterable<ObjectInfo> {
    let ContinuationToken: string | undefined;
    do {
      const page = await this.calls.run('list', prefix, () =>
        this.client.send(new ListObjectsV2Command({ Bucket: this.bucket, Prefix: this.keyPrefix + prefix, ContinuationToken })),
      );
      for (const object of page.Contents ?? []) {
        const key = object.Key?.slice(this.keyPrefix.length);
        if (!key || !isValidKey(key) || key.startsWith(PROBE_DIR)) continue; // not an object of the store
        yield { key, size: object.Size ?? 0, modified: object.LastModified ?? new Date(0) };
      }
      ContinuationToken = page.IsTruncated ? page.NextContinuationToken : undefined;
    } while (ContinuationToken);
  }

  /** S3 answers 204 for a key that does not exist, so deleting twice is fine. */
  async delete(key: string): Promise<void> {
    const Key = this.objectKey(key);
    await this.calls.run('delete', key, () => this.client.send(new DeleteObjectCommand({ Bucket: this.bucket, Key })));
  }

  async close(): Promise<void> {
    this.client.destroy();
  }

  private objectKey(key: string): string {
    return this.keyPrefix + checkKey(key);
  }

  private async headObject(Key: string): Promise<{ size: number; modified: Date } | undefined> {
    try {
      const out = await this.client.send(new HeadObjectCommand({ Bucket: this.bucket, Key }));
      return { size: out.ContentLength ?? 0, modified: out.LastModified ?? new Date(0) };
    } catch (error) {
      if (httpStatus(error) === 404 || s3ErrorName(error) === 'NotFound') return undefined;
      throw error;
    }
  }

  private supportsIfNoneMatch(): Promise<boolean> {
    const mode = this.options.conditionalWrites ?? 'auto';
    if (mode !== 'auto') return Promise.resolve(mode === 'if-none-match');
    this.ifNoneMatch ??= this.calls
      .run('probe If-None-Match', undefined, () => probeIfNoneMatch(this.client, this.bucket, this.keyPrefix))
      .catch((error: unknown) => {
        this.ifNoneMatch = undefined;
        throw error;
      });
    return this.ifNoneMatch;
  }
}

function normalizePrefix(prefix: string | undefined): string {
  const trimmed = (prefix ?? '').replace(/^\/+|\/+$/g, '');
  if (!trimmed) return '';
  if (!isValidKey(trimmed)) {
    throw new Error(`invalid S3 key prefix "${prefix}": use /-separated segments of letters, digits, . _ -`);
  }
  return `${trimmed}/`;
}

function isNoSuchKey(error: unknown): boolean {
  const name = s3ErrorName(error);
  return name === 'NoSuchKey' || (httpStatus(error) === 404 && name !== 'NoSuchBucket');
}

function isValidKey(key: string): boolean {
  try {
    checkKey(key);
    return true;
  } catch {
    return false;
  }
}
