import { pingStats } from './ping.stats';

describe('ping statistics', () => {
  it('computes min/avg/max/mdev as ping does', () => {
    // rtt min/avg/max/mdev = 10.000/20.000/30.000/8.165 ms  (mdev = sqrt((100+400+900)/3 − 20²))
    expect(pingStats([10, 20, 30], 3)).toEqual({ samples: 3, lost: 0, minMs: 10, avgMs: 20, maxMs: 30, mdevMs: 8.165 });
  });

  it('rounds to microseconds like ping prints', () => {
    // Worked by hand: mean 0.05125, mean of squares 0.00265675, mdev = sqrt(0.00265675 − 0.05125²) = 0.005494…
    expect(pingStats([0.045, 0.051, 0.06, 0.049], 4)).toEqual({ samples: 4, lost: 0, minMs: 0.045, avgMs: 0.051, maxMs: 0.06, mdevMs: 0.005 });
  });

  it('has no spread for one sample and counts the lost ones', () => {
    expect(pingStats([12.3456], 5)).toEqual({ samples: 1, lost: 4, minMs: 12.346, avgMs: 12.346, maxMs: 12.346, mdevMs: 0 });
  });

  it('reports only the loss when nothing answered', () => {
    expect(pingStats([], 3)).toEqual({ samples: 0, lost: 3 });
  });

  it('never takes the square root of a rounding error below zero', () => {
    expect(pingStats([0.1, 0.1, 0.1], 3).mdevMs).toBe(0);
  });

  it('refuses more answers than probes sent', () => {
    expect(() => pingStats([1, 2], 1)).toThrow('sent (1) cannot be less than the answers (2)');
  });
});
