import { LineCounter, parseAllDocuments } from 'yaml';
import type { ResourceProblem } from '@tandem/resources';
import type { DrResource } from '@tandem/resources';

/** A resource with the 1-based number of the YAML document it was read from. */
export interface NumberedResource {
  document: number;
  resource: DrResource;
}

/**
 * Pairs the resources `parseResourceDocuments` read from `text` (which had no problem) with their documents: it
 * skips empty documents and keeps order, so the k-th resource is the k-th document that is not empty (nor one of
 * `other`, the documents read otherwise: the core `v1` ones, read as Secrets).
 */
export function numberResources(text: string, resources: readonly DrResource[], other: ReadonlySet<number> = new Set()): NumberedResource[] {
  const documents = parseAllDocuments(text, { version: '1.2' });
  const numbers = (Array.isArray(documents) ? documents : []).flatMap((doc, i) => (isEmpty(doc) || other.has(i + 1) ? [] : [i + 1]));
  if (numbers.length !== resources.length) throw new Error(`${resources.length} resources were read from ${numbers.length} non-empty documents`);
  return resources.map((resource, k) => ({ document: numbers[k] as number, resource }));
}

/**
 * `text` with only the documents numbered `keep`: the others are blanked to spaces in place, so every line,
 * column and document number the receiving service names is the same as in the file the person wrote.
 */
export function keepDocuments(text: string, keep: ReadonlySet<number>): string {
  const documents = parseAllDocuments(text, { version: '1.2' });
  if (!Array.isArray(documents)) return text;
  let out = text;
  documents.forEach((doc, i) => {
    if (keep.has(i + 1)) return;
    const range = doc.contents?.range;
    if (!range) return;
    const [start, , end] = range;
    out = out.slice(0, start) + out.slice(start, end).replace(/[^\r\n]/g, ' ') + out.slice(end);
  });
  return out;
}

/**
 * A service's problems about a text made by `keepDocuments`, numbered as documents of the file: a service counts
 * the documents of what it was sent (blank lines before the first `---` are no document), so the line, which is
 * the file's, says which document of the file it is.
 */
export function renumberProblems(text: string, problems: readonly ResourceProblem[]): ResourceProblem[] {
  const lineCounter = new LineCounter();
  const documents = parseAllDocuments(text, { lineCounter, version: '1.2' });
  if (!Array.isArray(documents)) return [...problems];
  const starts = documents.map((doc) => lineCounter.linePos(doc.range[0]).line);
  return problems.map((p) => {
    if (p.line === undefined) return p;
    const index = starts.findLastIndex((start) => start <= p.line!);
    return index < 0 ? p : { ...p, document: index + 1 };
  });
}

function isEmpty(doc: { toJS(o: { maxAliasCount: number }): unknown }): boolean {
  try {
    const value = doc.toJS({ maxAliasCount: 100 });
    return value === null || value === undefined;
  } catch {
    return false;
  }
}
