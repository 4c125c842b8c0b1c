import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { renderSanitiseTable, SANITISE_TABLE } from './sanitise.table';

const DOCS = join(__dirname, '..', '..', '..', '..', 'docs', 'platform.md');

describe('the sanitise table', () => {
  const docs = readFileSync(DOCS, 'utf8');

  it('is in docs/platform.md row for row, with the same sentences', () => {
    const rows = renderSanitiseTable().split('\n');
    expect(rows).toHaveLength(SANITISE_TABLE.length + 2);
    const missing = rows.filter((row) => !docs.includes(row));
    expect(missing).toEqual([]);
  });

  it('has one row per kind', () => {
    const targets = SANITISE_TABLE.map((row) => (row.target === 'every object' ? row.target : `${row.target.group}/${row.target.kind}`));
    expect(new Set(targets).size).toBe(targets.length);
  });
});
