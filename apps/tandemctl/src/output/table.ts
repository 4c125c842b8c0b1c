/** Columns aligned with three spaces between them, like kubectl and storkctl; no trailing spaces. */
export function renderTable(header: readonly string[], rows: readonly (readonly string[])[]): string {
  const all = [header, ...rows];
  const widths = header.map((_, i) => Math.max(...all.map((row) => (row[i] ?? '').length)));
  return all.map((row) => row.map((cell, i) => (cell ?? '').padEnd(widths[i] as number)).join('   ').trimEnd()).join('\n') + '\n';
}

/** What a column shows when there is nothing to show (kubectl's `<none>` is noisier). */
export const NONE = '-';
