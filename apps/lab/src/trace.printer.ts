import type { SpanRecord } from '@tandem/observability';

/** Renders the spans of one trace as an indented tree: offset from the start, duration, service, name. */
export function renderTrace(spans: SpanRecord[]): string {
  if (spans.length === 0) return '  (no spans recorded)\n';
  const byParent = new Map<string, SpanRecord[]>();
  const ids = new Set(spans.map((s) => s.spanId));
  for (const s of spans) {
    const parent = s.parentSpanId && ids.has(s.parentSpanId) ? s.parentSpanId : '';
    byParent.set(parent, [...(byParent.get(parent) ?? []), s]);
  }
  for (const list of byParent.values()) list.sort((a, b) => a.startMs - b.startMs);
  const t0 = Math.min(...spans.map((s) => s.startMs));
  const lines: string[] = [];
  const walk = (parent: string, depth: number) => {
    for (const s of byParent.get(parent) ?? []) {
      const offset = `+${(s.startMs - t0).toFixed(0)}ms`.padStart(9);
      const took = `${(s.endMs - s.startMs).toFixed(1)}ms`.padStart(9);
      lines.push(`${offset} ${took}  ${s.service.padEnd(12)} ${'  '.repeat(depth)}${s.name}`);
      walk(s.spanId, depth + 1);
    }
  };
  walk('', 0);
  return `${lines.join('\n')}\n`;
}
