import { randomBytes } from 'node:crypto';
import { DeleteObjectCommand, PutObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import { httpStatus, s3ErrorName } from './s3.errors';

/**
 * How `put(…, { ifAbsent: true })` keeps an existing object:
 * - `if-none-match`: `PutObject` with `If-None-Match: *`; the server refuses (412) if the key exists. Atomic.
 * - `head-then-put`: `HeadObject`, and `PutObject` only if it answered 404. Two writers can both see "absent"
 *   and both write; the last one wins. For content-addressed chunks (the key is the hash of the bytes) both
 *   write the same bytes, so the result is the same object and the race is harmless; at worst both report
 *   `written: true`. Keys whose content is not determined by the key must not rely on it on such servers.
 * - `auto` (default): probe the server once (two conditional writes of a scratch object) and pick.
 */
export type ConditionalWriteMode = 'auto' | 'if-none-match' | 'head-then-put';

/** Where the probe writes (under the store's prefix); never listed as one of the store's objects. */
export const PROBE_DIR = '.tandem-probe/';

export function isPreconditionFailed(error: unknown): boolean {
  return httpStatus(error) === 412 || s3ErrorName(error) === 'PreconditionFailed';
}

/**
 * Whether the server honours `If-None-Match: *` on PutObject: the second of two conditional writes of a scratch
 * key must be refused. Servers that ignore the header let it through; some answer 501 or 400 instead.
 */
export async function probeIfNoneMatch(client: S3Client, bucket: string, keyPrefix: string): Promise<boolean> {
  const Key = `${keyPrefix}${PROBE_DIR}if-none-match-${randomBytes(8).toString('hex')}`;
  const put = (): Promise<unknown> => client.send(new PutObjectCommand({ Bucket: bucket, Key, Body: new Uint8Array(0), IfNoneMatch: '*' }));
  try {
    await put();
  } catch (error) {
    if (isUnsupportedHeader(error)) return false;
    throw error;
  }
  try {
    await put();
    return false; // the header was ignored
  } catch (error) {
    if (isPreconditionFailed(error)) return true;
    if (isUnsupportedHeader(error)) return false;
    throw error;
  } finally {
    await client.send(new DeleteObjectCommand({ Bucket: bucket, Key })).catch(() => undefined);
  }
}

function isUnsupportedHeader(error: unknown): boolean {
  const status = httpStatus(error);
  const name = s3ErrorName(error);
  return status === 501 || name === 'NotImplemented' || (status === 400 && (name === 'InvalidArgument' || name === 'InvalidRequest'));
}
