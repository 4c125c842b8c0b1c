import { LineCounter, parseAllDocuments } from 'yaml';
import { DR_KINDS, locateIn, type Migration, parseFieldPath, parseResourceDocuments, type ResourceProblem, validateMigration } from '@tandem/resources';

/** One Migration document the resources lib read without a problem, with where it is. */
export interface ReadMigration {
  /** 1-based, in the order written (empty documents count). */
  document: number;
  migration: Migration;
  /** Line and column of a field of this document (YAML only). */
  locate(path: string): { line: number; column: number } | undefined;
}

export interface ReadOutcome {
  migrations: ReadMigration[];
  problems: ResourceProblem[];
  warnings: ResourceProblem[];
}

export interface ReadOptions {
  /** The namespace of a Migration that names none (kubectl's `-n`); `default` otherwise. */
  defaultNamespace?: string;
}

/** Which service keeps the kinds the coordinator does not. */
const KEPT_BY: Record<string, string> = { ClusterPair: 'failover service', Rule: 'snapshot service', SchedulePolicy: 'scheduler', MigrationSchedule: 'scheduler' };

export const notServedMessage = (kind: string): string =>
  `the coordinator keeps one-off Migration resources only; ${kind} resources are kept by the ${KEPT_BY[kind] ?? 'other services'}`;

export const notServedFix = (kind: string): string =>
  `send ${kind} documents to the ${KEPT_BY[kind] ?? 'service that keeps them'} (tandemctl apply -f sends each kind to its service), or leave it out of this request`;

/**
 * A multi-document YAML stream through the resources lib, each resource paired with its document number: the lib
 * numbers documents from 1, skips empty ones and gives no resource for a document with a problem, in order; so the
 * k-th resource is the k-th document that is neither empty nor has a problem. Kinds other than Migration are
 * refused here, naming the service that keeps them.
 */
export function readYaml(text: string, options: ReadOptions): ReadOutcome {
  const parsed = parseResourceDocuments(text, options);
  const lineCounter = new LineCounter();
  const yamlDocuments = parseAllDocuments(text, { lineCounter, version: '1.2' });
  const withProblems = new Set(parsed.problems.map((p) => p.document));
  const out: ReadOutcome = { migrations: [], problems: [...parsed.problems], warnings: [] };
  const resources = [...parsed.resources];
  const located = new Map<number, ReadMigration['locate']>();
  (Array.isArray(yamlDocuments) ? yamlDocuments : []).forEach((doc, i) => {
    const document = i + 1;
    if (withProblems.has(document) || isEmpty(doc)) return;
    const resource = resources.shift();
    if (!resource) return;
    const find = locateIn(doc, lineCounter);
    const locate = (path: string) => find(parseFieldPath(path));
    located.set(document, locate);
    if (resource.kind === 'Migration') out.migrations.push({ document, migration: resource, locate });
    else {
      const position = locate('kind');
      out.problems.push({ document, kind: resource.kind, name: resource.metadata.name, path: 'kind', ...(position ?? {}), message: notServedMessage(resource.kind), fix: notServedFix(resource.kind) });
    }
  });
  if (resources.length > 0) throw new Error(`could not pair ${resources.length} resource(s) with their YAML documents`);
  out.warnings = parsed.warnings.map((w) => {
    const position = w.document === undefined ? undefined : located.get(w.document)?.(w.path);
    return position && w.line === undefined ? { ...w, ...position } : w;
  });
  return out;
}

function isEmpty(doc: { toJS(o: { maxAliasCount: number }): unknown }): boolean {
  try {
    const value = doc.toJS({ maxAliasCount: 100 });
    return value === null || value === undefined;
  } catch {
    return false;
  }
}

/** JSON: one document, a list of them, or a Kubernetes `List` (`{kind: List, items: [...]}`); documents numbered from 1. */
export function readJson(body: unknown, options: ReadOptions): ReadOutcome {
  const items = listItems(body);
  const out: ReadOutcome = { migrations: [], problems: [], warnings: [] };
  if (!items.ok) {
    out.problems.push({ path: '', message: items.reason, fix: 'send one resource, a JSON array of them, or a List with items' });
    return out;
  }
  items.value.forEach((item, i) => {
    const document = i + 1;
    const kind = (item as { kind?: unknown } | null)?.kind;
    if (kind !== 'Migration') {
      const known = (DR_KINDS as readonly unknown[]).includes(kind);
      out.problems.push({
        document,
        ...(typeof kind === 'string' ? { kind } : {}),
        path: 'kind',
        message: known ? notServedMessage(String(kind)) : kind === undefined ? 'no kind' : `unknown kind ${JSON.stringify(kind)}`,
        fix: known ? notServedFix(String(kind)) : 'write kind: Migration',
      });
      return;
    }
    const result = validateMigration(item, options);
    out.warnings.push(...result.warnings.map((w) => ({ document, ...w })));
    if (result.ok) out.migrations.push({ document, migration: result.value, locate: () => undefined });
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
