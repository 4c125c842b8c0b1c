import { decodeCloudEvent, encodeCloudEvent } from './cloud-event';
import { CATALOG } from './catalog';

const valid = {
  specversion: '1.0',
  id: 'abc-1',
  source: 'tandem/agent',
  type: 'tandem.agent.selftest-step-succeeded.v1',
  time: '2026-11-26T10:00:00.000Z',
  datacontenttype: 'application/json',
  data: { sagaRef: { sagaId: 's1', step: 'report', attempt: 1, action: 'do' } },
};

describe('CloudEvents envelope at the boundary', () => {
  it('round-trips a valid event and validates its data', () => {
    const decoded = decodeCloudEvent(encodeCloudEvent(valid as never));
    expect(decoded).toEqual({ ok: true, value: valid });
    expect(CATALOG.validate(valid as never).ok).toBe(true);
  });

  it.each([
    ['{nope', /^message is not JSON/],
    [JSON.stringify({ ...valid, specversion: '0.3' }), /specversion: expected a string .* matching/],
    [JSON.stringify({ ...valid, time: 'yesterday' }), /time: expected an RFC 3339 time, got "yesterday"/],
    [JSON.stringify({ ...valid, id: undefined }), /id: expected a string .*got nothing/],
    [JSON.stringify({ ...valid, extra: 1 }), /unknown field "extra"/],
  ])('rejects %s with a reason', (raw, reason) => {
    const r = decodeCloudEvent(raw);
    expect(r.ok).toBe(false);
    expect(r.ok ? '' : r.reason).toMatch(reason);
  });

  it('tells an unknown version from an unknown type', () => {
    const v9 = CATALOG.validate({ ...valid, type: 'tandem.agent.selftest-step-succeeded.v9' } as never);
    expect(v9).toEqual({
      ok: false,
      reason: 'unknown version of tandem.agent.selftest-step-succeeded: got tandem.agent.selftest-step-succeeded.v9, this build understands tandem.agent.selftest-step-succeeded.v1',
    });
    expect(CATALOG.validate({ ...valid, type: 'tandem.nothing.here.v1' } as never)).toEqual({ ok: false, reason: 'unknown message type tandem.nothing.here.v1' });
  });

  it('names the field when the data has the wrong shape', () => {
    const r = CATALOG.validate({ ...valid, data: { sagaRef: { sagaId: 's1', step: 'report', attempt: 0, action: 'do' } } } as never);
    expect(r).toEqual({ ok: false, reason: 'invalid tandem.agent.selftest-step-succeeded.v1: data.sagaRef.attempt: expected an integer from 1 to 1000, got 0' });
  });

  it('refuses oversized messages without parsing them', () => {
    const r = decodeCloudEvent('x'.repeat(1024 * 1024 + 1));
    expect(r).toEqual({ ok: false, reason: 'message is 1048577 bytes; the limit is 1048576' });
  });
});
