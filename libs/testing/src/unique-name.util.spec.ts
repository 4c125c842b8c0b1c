import { uniqueName } from './unique-name.util';

describe('uniqueName', () => {
  it('is lowercase, starts with a letter, and uses only letters, digits and underscores', () => {
    expect(uniqueName('Orders.Placed > *')).toMatch(/^orders_placed_[a-z0-9]{10}$/);
    expect(uniqueName('42 streams')).toMatch(/^t42_streams_[a-z0-9]{10}$/);
    expect(uniqueName('')).toMatch(/^t_[a-z0-9]{10}$/);
  });

  it('stays short enough for a Postgres identifier', () => {
    expect(uniqueName('a'.repeat(100)).length).toBeLessThanOrEqual(35);
  });

  it('differs on every call', () => {
    const names = new Set(Array.from({ length: 1_000 }, () => uniqueName('s')));
    expect(names.size).toBe(1_000);
  });
});
