import { groupRanges } from './range-groups';

const chunk = (offset: number, length: number, size = length) => ({ id: String(offset), offset, length, size, item: offset });

describe('groupRanges', () => {
  it('merges neighbours into one read, within gap, span and plaintext limits', () => {
    const limits = { maxGap: 100, maxSpan: 1000, maxPlain: 2000 };
    const groups = groupRanges('p', [chunk(500, 100), chunk(4, 100), chunk(104, 200), chunk(350, 100), chunk(2000, 50)], limits);
    expect(groups.map((g) => [g.start, g.end, g.chunks.map((c) => c.item)])).toEqual([
      [4, 600, [4, 104, 350, 500]],
      [2000, 2050, [2000]],
    ]);
    const bySpan = groupRanges('p', [chunk(0, 600), chunk(600, 600)], limits);
    expect(bySpan).toHaveLength(2);
    const byPlain = groupRanges('p', [chunk(0, 100, 1500), chunk(100, 100, 1500)], limits);
    expect(byPlain).toHaveLength(2);
    expect(groupRanges('p', [chunk(0, 5000)], limits)).toHaveLength(1); // larger than a span: read alone
  });
});
