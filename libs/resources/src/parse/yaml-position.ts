import { Document, isMap, isScalar, isSeq, LineCounter, Node } from 'yaml';
import { Segment } from '../problems/field-path';

/**
 * Where a field is in the text: the key of the deepest mapping entry (or the list item) along the path that exists,
 * so a missing field points at its parent and an unknown one at itself.
 */
export function locateIn(document: Document, lineCounter: LineCounter) {
  return (segments: readonly Segment[]): { line: number; column: number } | undefined => {
    let node: unknown = document.contents;
    let offset = rangeStart(node);
    for (const segment of segments) {
      if (isMap(node) && typeof segment === 'string') {
        const pair = node.items.find((p) => isScalar(p.key) && String(p.key.value) === segment);
        if (!pair) break;
        offset = rangeStart(pair.key) ?? offset;
        node = pair.value;
      } else if (isSeq(node) && typeof segment === 'number' && node.items[segment] !== undefined) {
        node = node.items[segment];
        offset = rangeStart(node) ?? offset;
      } else break;
    }
    if (offset === undefined) return undefined;
    const { line, col } = lineCounter.linePos(offset);
    return { line, column: col };
  };
}

function rangeStart(node: unknown): number | undefined {
  return (node as Node | null | undefined)?.range?.[0];
}
