import { LineCounter, parseAllDocuments } from 'yaml';
import {
  DR_KINDS,
  DrResource,
  isCoreDocument,
  locateIn,
  parseFieldPath,
  parseResourceDocuments,
  parseSecretDocuments,
  ResourceProblem,
  SecretDocument,
  validateClusterPair,
  validateSecret,
} from '@tandem/resources';

/** One document that the resources lib read without a problem, with where it is. */
export interface ReadDocument {
  /** 1-based, in the order written (empty documents count). */
  document: number;
  resource: DrResource;
  /** Line and column of a field of this document (YAML only). */
  locate(path: string): { line: number; column: number } | undefined;
}

/** A Secret document (the access Secret `generate clusterpair` prints), with where it is. */
export interface ReadSecret {
  document: number;
  secret: SecretDocument;
  locate: ReadDocument['locate'];
}

export interface ReadOutcome {
  documents: ReadDocument[];
  secrets: ReadSecret[];
  problems: ResourceProblem[];
  warnings: ResourceProblem[];
}

export interface ReadOptions {
  /** The namespace of a ClusterPair that names none (kubectl's `-n`); `default` otherwise. A Secret must have one. */
  defaultNamespace?: string;
}

/** Which service keeps the kinds the failover service does not. */
const KEPT_BY: Record<string, string> = { Rule: 'snapshot', SchedulePolicy: 'scheduler', MigrationSchedule: 'scheduler', Migration: 'coordinator' };

export function notServedMessage(kind: string): string {
  return `the failover service keeps ClusterPair resources only; ${kind} resources are kept by the ${KEPT_BY[kind] ?? 'other'} service`;
}

export function notServedFix(kind: string): string {
  return `send ${kind} documents to the ${KEPT_BY[kind] ?? 'other'} service (tandemctl apply -f sends each kind to its service), or leave it out of this request`;
}

/**
 * A multi-document YAML stream through the resources lib, each resource paired with its document number. The lib
 * numbers documents from 1, skips empty ones and gives no resource for a document with a problem, in order; so the
 * k-th resource is the k-th document that is neither empty nor has a problem. Core (`apiVersion: v1`) documents are
 * read as Secrets; the lib's "unknown kind" problems about them are dropped.
 */
export function readYaml(text: string, options: ReadOptions): ReadOutcome {
  const parsed = parseResourceDocuments(text, options);
  const core = parseSecretDocuments(text, options);
  const lineCounter = new LineCounter();
  const yamlDocuments = parseAllDocuments(text, { lineCounter, version: '1.2' });
  const withProblems = new Set(parsed.problems.map((p) => p.document));
  const documents: ReadDocument[] = [];
  const secrets: ReadSecret[] = [];
  const secretOf = new Map(core.secrets.map((s) => [s.document, s.secret]));
  const resources = [...parsed.resources];
  (Array.isArray(yamlDocuments) ? yamlDocuments : []).forEach((doc, i) => {
    const index = i + 1;
    const secret = secretOf.get(index);
    if (secret) {
      const locate = locateIn(doc, lineCounter);
      secrets.push({ document: index, secret, locate: (path) => locate(parseFieldPath(path)) });
    }
    if (withProblems.has(index) || isEmpty(doc)) return;
    const resource = resources.shift();
    if (!resource) return;
    const locate = locateIn(doc, lineCounter);
    documents.push({ document: index, resource, locate: (path) => locate(parseFieldPath(path)) });
  });
  if (resources.length > 0) throw new Error(`could not pair ${resources.length} resource(s) with their YAML documents`);
  const warnings = parsed.warnings.map((w) => {
    const doc = documents.find((d) => d.document === w.document);
    const position = doc?.locate(w.path);
    return position && w.line === undefined ? { ...w, ...position } : w;
  });
  const problems = [...parsed.problems.filter((p) => p.document === undefined || !core.coreDocuments.has(p.document)), ...core.problems];
  return { documents, secrets, problems, warnings };
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
  const out: ReadOutcome = { documents: [], secrets: [], problems: [], warnings: [] };
  if (!items.ok) {
    out.problems.push({ path: '', message: items.reason, fix: 'send one resource, a JSON array of them, or a List with items' });
    return out;
  }
  items.value.forEach((item, i) => {
    const document = i + 1;
    const kind = (item as { kind?: unknown } | null)?.kind;
    if (isCoreDocument(item)) {
      const secret = validateSecret(item, options);
      if (secret.ok) out.secrets.push({ document, secret: secret.value, locate: () => undefined });
      else out.problems.push(...secret.problems.map((p) => ({ document, ...p })));
      return;
    }
    if (kind !== 'ClusterPair') {
      const known = (DR_KINDS as readonly unknown[]).includes(kind);
      out.problems.push({
        document,
        ...(typeof kind === 'string' ? { kind } : {}),
        path: 'kind',
        message: known ? notServedMessage(String(kind)) : kind === undefined ? 'no kind' : `unknown kind ${JSON.stringify(kind)}`,
        fix: known ? notServedFix(String(kind)) : 'write kind: ClusterPair (or apiVersion: v1, kind: Secret for the Secret a pair names)',
      });
      return;
    }
    const result = validateClusterPair(item, options);
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
