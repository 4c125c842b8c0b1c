import { Document, isMap, isScalar, isSeq, LineCounter, Node } from 'yaml';

type Segment = string | number;

/** `spec.template.spec.namespaces[0]`, `spec.selectors["app.kubernetes.io/name"]` as steps into a document. */
export function pathSegments(path: string): Segment[] {
  const segments: Segment[] = [];
  for (const m of path.matchAll(/\["((?:[^"\\]|\\.)*)"\]|\[(\d+)\]|([^.[\]]+)/g)) {
    if (m[1] !== undefined) segments.push(JSON.parse(`"${m[1]}"`) as string);
    else if (m[2] !== undefined) segments.push(Number(m[2]));
    else if (m[3] !== undefined) segments.push(m[3]);
  }
  return segments;
}

/**
 * Where a field is in the YAML text: the key of the deepest mapping entry (or list item) along the path that exists,
 * so a field that is missing points at its parent. Lines and columns count from 1 over the whole stream.
 */
export function positionIn(document: Document, lineCounter: LineCounter, path: string): { line: number; column: number } | undefined {
  let node: unknown = document.contents;
  let offset = rangeStart(node);
  for (const segment of pathSegments(path)) {
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
}

function rangeStart(node: unknown): number | undefined {
  return (node as Node | null | undefined)?.range?.[0];
}
