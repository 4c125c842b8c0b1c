import { LineCounter, parseAllDocuments } from 'yaml';
import {
  DR_KINDS,
  locateIn,
  parseFieldPath,
  DrResource,
  parseResourceDocuments,
  ResourceProblem,
  validateMigrationSchedule,
  validateSchedulePolicy,
  ValidationResult,
} from '@tandem/resources';

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
  /** The namespace of a MigrationSchedule that names none (kubectl's `-n`); `default` otherwise. */
  defaultNamespace?: string;
}

/**
 * A multi-document YAML stream through the resources lib, each resource paired with its document number. The lib
 * numbers documents from 1, skips empty ones and gives no resource for a document with a problem, in order; so the
 * k-th resource is the k-th document that is neither empty nor has a problem.
 */
export function readYaml(text: string, options: ReadOptions): ReadOutcome {
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

const VALIDATORS: Record<string, (o: unknown, options: ReadOptions) => ValidationResult<DrResource>> = {
  SchedulePolicy: validateSchedulePolicy,
  MigrationSchedule: validateMigrationSchedule,
};

/**
 * JSON: one document, a list of them, or a Kubernetes `List` (`{kind: List, items: [...]}`); documents are
 * numbered from 1 in that order. Kinds the scheduler does not keep are reported by the caller.
 */
export function readJson(body: unknown, options: ReadOptions): ReadOutcome {
  const items = listItems(body);
  const out: ReadOutcome = { documents: [], problems: [], warnings: [] };
  if (!items.ok) {
    out.problems.push({ path: '', message: items.reason, fix: 'send one resource, a JSON array of them, or a List with items' });
    return out;
  }
  items.value.forEach((item, i) => {
    const document = i + 1;
    const kind = (item as { kind?: unknown } | null)?.kind;
    const validate = typeof kind === 'string' ? VALIDATORS[kind] : undefined;
    if (!validate) {
      const known = (DR_KINDS as readonly unknown[]).includes(kind);
      out.problems.push({
        document,
        ...(typeof kind === 'string' ? { kind } : {}),
        path: 'kind',
        message: known ? notServedMessage(String(kind)) : `${kind === undefined ? 'no kind' : `unknown kind ${JSON.stringify(kind)}`}`,
        fix: known ? notServedFix(String(kind)) : 'write kind: SchedulePolicy or kind: MigrationSchedule',
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

/** Which service keeps the kinds the scheduler does not. */
const KEPT_BY: Record<string, string> = { ClusterPair: 'failover service', Rule: 'snapshot service', Migration: 'coordinator' };

export function notServedMessage(kind: string): string {
  // One-off Migrations moved to the coordinator: said in the message, where a person used to the scheduler looks.
  return kind === 'Migration' ? 'the scheduler does not keep Migration resources; one-off Migrations are kept by the coordinator' : `the scheduler does not keep ${kind} resources`;
}

export function notServedFix(kind: string): string {
  if (kind === 'Migration') {
    return 'send one-off Migration documents to the coordinator, which runs each now (tandemctl apply -f sends them there); the scheduler fires migrations from a MigrationSchedule';
  }
  return `send ${kind} documents to the ${KEPT_BY[kind] ?? 'service that keeps them'} (tandemctl apply -f sends each kind to its service), or leave it out of this request`;
}

function listItems(body: unknown): { ok: true; value: unknown[] } | { ok: false; reason: string } {
  if (Array.isArray(body)) return { ok: true, value: body };
  if (typeof body !== 'object' || body === null) return { ok: false, reason: 'the body is not a JSON object or array' };
  const { kind, items } = body as { kind?: unknown; items?: unknown };
  if (kind === 'List') return Array.isArray(items) ? { ok: true, value: items } : { ok: false, reason: 'a List without items' };
  return { ok: true, value: [body] };
}
