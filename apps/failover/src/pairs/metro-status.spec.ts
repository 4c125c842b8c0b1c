import type { VolumeBinding } from '@tandem/platform';
import { metroStatus, type MetroInput, newestRoundTrip, type RoundTrip } from './metro-status';

const at = new Date('2026-11-26T10:00:00Z');
const trip = (over: Partial<RoundTrip> = {}): RoundTrip => ({ domain: 'primary', peerDomain: 'dr-site', samples: 10, lost: 0, minMs: 1, avgMs: 2, maxMs: 4, mdevMs: 0.5, at, ...over });
const binding = (claim: string, over: Partial<VolumeBinding> = {}): VolumeBinding => ({
  claim: { apiVersion: 'v1', kind: 'PersistentVolumeClaim', namespace: 'app', name: claim },
  volumeName: `stretched-app-${claim}`,
  storageClassName: 'lab-stretched',
  path: `/metro/volumes/stretched-app-${claim}`,
  ...over,
});
const input = (over: Partial<MetroInput> = {}): MetroInput => ({
  localDomain: 'primary',
  peerDomain: 'dr-site',
  limitMs: 10,
  roundTrip: trip(),
  volumes: [{ namespace: 'app', here: [binding('data')], there: [binding('data', { node: 'dr-node' })] }],
  ...over,
});

describe('metro pair status', () => {
  it('is healthy when the average round trip is within the limit and every claim is on the same stretched volume in both domains', () => {
    expect(metroStatus(input())).toEqual({
      degraded: false,
      reasons: [],
      limitMs: 10,
      latency: { minMs: 1, avgMs: 2, maxMs: 4, mdevMs: 0.5, samples: 10, lost: 0, from: 'primary', to: 'dr-site', measuredAt: at.toISOString() },
      volumes: { checked: 1, inBothDomains: 1 },
    });
  });

  it('holds the average, not the maximum, to the limit, which is included', () => {
    expect(metroStatus(input({ roundTrip: trip({ avgMs: 10, maxMs: 40 }) })).degraded).toBe(false);
    const slow = metroStatus(input({ roundTrip: trip({ avgMs: 10.5, maxMs: 12 }) }));
    expect(slow.degraded).toBe(true);
    expect(slow.reasons).toEqual([expect.stringContaining('the round trip between primary and dr-site averages 10.5 ms')]);
    expect(slow.reasons[0]).toContain('over the metro limit of 10 ms');
    expect(slow.reasons[0]).toContain('TANDEM_FAILOVER_METRO_LATENCY_LIMIT_MS');
    expect(metroStatus(input({ limitMs: 20, roundTrip: trip({ avgMs: 15 }) })).degraded).toBe(false);
  });

  it('is degraded when no probe was answered, and not when nothing was measured yet', () => {
    const lost = metroStatus(input({ roundTrip: trip({ samples: 5, lost: 5, minMs: undefined, avgMs: undefined, maxMs: undefined, mdevMs: undefined }) }));
    expect(lost.reasons).toEqual([expect.stringContaining('none of the 5 round-trip probes between primary and dr-site was answered')]);
    const unmeasured = metroStatus(input({ roundTrip: undefined }));
    expect(unmeasured).toMatchObject({ degraded: false, reasons: [] });
    expect(unmeasured.latency).toBeUndefined();
  });

  it('names each claim whose volume is not present in both domains, and why', () => {
    const status = metroStatus(
      input({
        volumes: [
          {
            namespace: 'app',
            here: [binding('data'), binding('missing'), binding('local', { storageClassName: 'lab-local', path: '/site/volumes/pvc-1' }), binding('moved'), binding('pending', { path: undefined, unavailableReason: 'claim is Pending' })],
            there: [binding('data'), binding('local'), binding('moved', { path: '/elsewhere' })],
          },
          { namespace: 'other', here: [binding('x')], there: { unreachable: "the destination's platform cannot be reached" } },
        ],
      }),
    );
    expect(status.degraded).toBe(true);
    expect(status.volumes).toEqual({ checked: 6, inBothDomains: 1 });
    expect(status.reasons).toEqual([
      'claim app/missing does not exist in domain dr-site: its volume is not present there until the application\'s claims are migrated',
      expect.stringMatching(/^claim app\/local uses storage class lab-local, which is not stretched: its data is in domain primary only/),
      'claim app/moved is at /metro/volumes/stretched-app-moved in domain primary but at /elsewhere in domain dr-site: not the same stretched volume',
      'claim app/pending is not bound to a volume in domain primary (claim is Pending)',
      "cannot see the volumes of namespace other in domain dr-site: the destination's platform cannot be reached",
    ]);
  });

  it('takes the newest measurement between the two domains, either way, ignoring other peers', () => {
    const older = trip({ at: new Date('2026-11-26T09:00:00Z'), avgMs: 1 });
    const newer = trip({ domain: 'dr-site', peerDomain: 'primary', at: new Date('2026-11-26T09:30:00Z'), avgMs: 3 });
    const elsewhere = trip({ peerDomain: 'third', at: new Date('2026-11-26T11:00:00Z') });
    expect(newestRoundTrip([older, newer, elsewhere], 'primary', 'dr-site')).toBe(newer);
    expect(newestRoundTrip([elsewhere], 'primary', 'dr-site')).toBeUndefined();
  });
});
