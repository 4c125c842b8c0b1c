import { requestIdSchema } from '@tandem/contracts';
import { agentRequestId, answerId, rpoExceededId } from './message-ids';
import { rpoLimitSeconds } from './rpo/rpo-limit';

describe('replication message ids', () => {
  it('derives the agent request id of each volume from the restore request id', () => {
    expect(agentRequestId('protect-a1', 0)).toBe('protect-a1.0');
    expect(agentRequestId('protect-a1', 12)).toBe('protect-a1.12');
  });

  it('keeps a derived request id valid and deterministic when the request id is already as long as allowed', () => {
    const long = 'r'.repeat(128);
    const derived = agentRequestId(long, 7);
    expect(requestIdSchema.parse(derived).ok).toBe(true);
    expect(derived).toBe(agentRequestId(long, 7));
    expect(derived).not.toBe(agentRequestId(`${'r'.repeat(127)}s`, 7));
    expect(derived.endsWith('.7')).toBe(true);
  });

  it('answers each command message with its own id, and a redelivery with the same one', () => {
    expect(answerId('req-1', 'cmd-a')).toBe(answerId('req-1', 'cmd-a'));
    expect(answerId('req-1', 'cmd-a')).not.toBe(answerId('req-1', 'cmd-b'));
    expect(answerId('r'.repeat(128), 'c'.repeat(200)).length).toBeLessThanOrEqual(200);
  });

  it('keys an RPO alert by application and newest recovery point, within the envelope id limit', () => {
    expect(rpoExceededId('appns', 'pg-protect', 'm-1')).toBe('rpo-exceeded/appns/pg-protect/m-1');
    expect(rpoExceededId('a'.repeat(63), 's'.repeat(253), 'm'.repeat(63)).length).toBeLessThanOrEqual(200);
  });

  it('puts the RPO limit at twice the interval, a day assumed when there is none', () => {
    expect(rpoLimitSeconds(300)).toBe(600);
    expect(rpoLimitSeconds(undefined)).toBe(172_800);
  });
});
