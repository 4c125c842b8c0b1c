import { LineCounter, parseAllDocuments } from 'yaml';
import { DR_KINDS, type DrResource, locateIn, parseFieldPath, parseResourceDocuments, type ResourceProblem, type ValidationResult } from '@tandem/resources';

/** One document that the resources lib read without a problem, with where it is. */
export interface ReadDocument {
  /** 1-based, in the order written (empty documents count). */
  document: number;
  resource: DrResource;
  /** Line and column of a field of this document (YAML only). */
  locate(path: string): { line: number; column: number } | undefined;
}

export interface ReadOutcome {
  documents: ReadDocument[];
  problems: ResourceProblem[];
  warnings: ResourceProblem[];
}

export interface ReadOptions {
  /** The namespace of a namespaced resource that names none (kubectl's `-n`); `default` otherwise. */
  defaultNamespace?: string;
}

/** What a service takes in JSON: the validator of each kind it keeps, and how it refuses the other DR kinds. */
export interface JsonKinds {
  validators: Readonly<Record<string, (o: unknown, options: ReadOptions) => ValidationResult<DrResource>>>;
  /** The problem of a DR kind the service does not keep (naming the service that does). */
  notServed(kind: string): Pick<ResourceProblem, 'message' | 'fix'>;
  /** The fix of a document with no kind or one that is not a DR kind, e.g. `write kind: Rule`. */
  unknownKindFix: string;
  /**
   * Documents the service reads itself besides the DR kinds (e.g. core Secrets beside them): the problems of an item
   * it took (none when it read well), or undefined to leave the item to the validators.
   */
  readOther?(item: unknown, document: number): readonly ResourceProblem[] | undefined;
}

/**
 * A multi-document YAML stream through the resources lib, each resource paired with its document number. The lib
 * numbers documents from 1, skips empty ones and gives no resource for a document with a problem, in order; so the
 * k-th resource is the k-th document that is neither empty nor has a problem.
 */
export function readYamlDocuments(text: string, options: ReadOptions): ReadOutcome {
  const parsed = parseResourceDocuments(text, options);
  const lineCounter = new LineCounter();
  const yamlDocuments = parseAllDocuments(text, { lineCounter, version: '1.2' });
  const withProblems = new Set(parsed.problems.map((p) => p.document));
  const documents: ReadDocument[] = [];
  const resources = [...parsed.resources];
  (Array.isArray(yamlDocuments) ? yamlDocuments : []).forEach((doc, i) => {
    const index = i + 1;
    if (withProblems.has(index) || isEmpty(doc)) return;
    const resource = resources.shift();
    if (!resource) return;
    const locate = locateIn(doc, lineCounter);
    documents.push({ document: index, resource, locate: (path) => locate(parseFieldPath(path)) });
  });
  if (resources.length > 0) throw new Error(`could not pair ${resources.length} resource(s) with their YAML documents`);
  return { documents, problems: parsed.problems, warnings: parsed.warnings };
}

function isEmpty(doc: { toJS(o: { maxAliasCount: number }): unknown }): boolean {
  try {
    const value = doc.toJS({ maxAliasCount: 100 });
    return value === null || value === undefined;
  } catch {
    return false;
  }
}

/**
 * JSON: one document, a list of them, or a Kubernetes `List` (`{kind: List, items: [...]}`); documents are
 * numbered from 1 in that order. Each is validated by the validator of its kind; other kinds are problems.
 */
export function readJsonDocuments(body: unknown, options: ReadOptions, kinds: JsonKinds): ReadOutcome {
  const items = listItems(body);
  const out: ReadOutcome = { documents: [], problems: [], warnings: [] };
  if (!items.ok) {
    out.problems.push({ path: '', message: items.reason, fix: 'send one resource, a JSON array of them, or a List with items' });
    return out;
  }
  items.value.forEach((item, i) => {
    const document = i + 1;
    const other = kinds.readOther?.(item, document);
    if (other) {
      out.problems.push(...other.map((p) => ({ document, ...p })));
      return;
    }
    const kind = (item as { kind?: unknown } | null)?.kind;
    const validate = typeof kind === 'string' && Object.hasOwn(kinds.validators, kind) ? kinds.validators[kind] : undefined;
    if (!validate) {
      const known = (DR_KINDS as readonly unknown[]).includes(kind);
      out.problems.push({
        document,
        ...(typeof kind === 'string' ? { kind } : {}),
        path: 'kind',
        ...(known
          ? kinds.notServed(String(kind))
          : { message: kind === undefined ? 'no kind' : `unknown kind ${JSON.stringify(kind)}`, fix: kinds.unknownKindFix }),
      });
      return;
    }
    const result = validate(item, options);
    out.warnings.push(...result.warnings.map((w) => ({ document, ...w })));
    if (result.ok) out.documents.push({ document, resource: result.value, locate: () => undefined });
    else out.problems.push(...result.problems.map((p) => ({ document, ...p })));
  });
  return out;
}

function listItems(body: unknown): { ok: true; value: unknown[] } | { ok: false; reason: string } {
  if (Array.isArray(body)) return { ok: true, value: body };
  if (typeof body !== 'object' || body === null) return { ok: false, reason: 'the body is not a JSON object or array' };
  const { kind, items } = body as { kind?: unknown; items?: unknown };
  if (kind === 'List') return Array.isArray(items) ? { ok: true, value: items } : { ok: false, reason: 'a List without items' };
  return { ok: true, value: [body] };
}

/** Problems in document order, so a person reads them top to bottom. */
export function inDocumentOrder(problems: readonly ResourceProblem[]): ResourceProblem[] {
  return [...problems].sort((a, b) => (a.document ?? 0) - (b.document ?? 0) || (a.line ?? 0) - (b.line ?? 0));
}
