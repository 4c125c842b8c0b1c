import { fail, ok, Result } from './result';
import { isoTime, obj, opt, str } from './schema';

/**
 * The one envelope on the bus: CloudEvents 1.0 in structured JSON mode. `type` names the message and its
 * version (`tandem.<service>.<name>.v<version>`); `correlationid` ties together everything one saga or request
 * caused (extension attribute); trace context travels in NATS headers and, for durability, in `traceparent`.
 */
export interface CloudEvent<T = unknown> {
  specversion: '1.0';
  id: string;
  source: string;
  type: string;
  time: string;
  datacontenttype: 'application/json';
  subject?: string;
  correlationid?: string;
  causationid?: string;
  traceparent?: string;
  tracestate?: string;
  data: T;
}

const id = str({ max: 200, pattern: /^[A-Za-z0-9._:\-/]+$/ });

const envelopeSchema = obj({
  specversion: str({ pattern: /^1\.0$/ }),
  id,
  source: str({ max: 512 }),
  type: str({ max: 200, pattern: /^[a-z0-9-]+(\.[a-z0-9-]+)+\.v\d+$/ }),
  time: isoTime(),
  datacontenttype: opt(str({ pattern: /^application\/json$/ })),
  subject: opt(str({ max: 512 })),
  correlationid: opt(id),
  causationid: opt(id),
  traceparent: opt(str({ pattern: /^[0-9a-f]{2}-[0-9a-f]{32}-[0-9a-f]{16}-[0-9a-f]{2}$/ })),
  tracestate: opt(str({ max: 512 })),
  data: { describe: 'the event data', parse: (v: unknown, path = 'data') => (v === undefined ? fail(`${path}: missing`) : ok(v)) },
});

export const MAX_MESSAGE_BYTES = 1024 * 1024;

/** Decodes raw bytes into an envelope, or says exactly what is wrong with them. Never throws. */
export function decodeCloudEvent(raw: Uint8Array | string): Result<CloudEvent<unknown>> {
  const size = typeof raw === 'string' ? raw.length : raw.byteLength;
  if (size > MAX_MESSAGE_BYTES) return fail(`message is ${size} bytes; the limit is ${MAX_MESSAGE_BYTES}`);
  let parsed: unknown;
  try {
    parsed = JSON.parse(typeof raw === 'string' ? raw : new TextDecoder('utf-8', { fatal: true }).decode(raw));
  } catch (err) {
    return fail(`message is not JSON: ${(err as Error).message}`);
  }
  const r = envelopeSchema.parse(parsed, '');
  if (!r.ok) return fail(`not a CloudEvents 1.0 envelope: ${r.reason}`);
  return ok({ ...(r.value as Omit<CloudEvent, 'datacontenttype'>), datacontenttype: 'application/json' } as CloudEvent);
}

export function encodeCloudEvent(event: CloudEvent<unknown>): Uint8Array {
  return new TextEncoder().encode(JSON.stringify(event));
}
