import { type Migration, type ResourceProblem, validateMigration } from '@tandem/resources';
import { type JsonKinds, type ReadDocument, readJsonDocuments, type ReadOptions, type ReadOutcome as DocumentsOutcome, readYamlDocuments } from '@tandem/service';

export type { ReadOptions } from '@tandem/service';

/** One Migration document the resources lib read without a problem, with where it is. */
export interface ReadMigration {
  /** 1-based, in the order written (empty documents count). */
  document: number;
  migration: Migration;
  /** Line and column of a field of this document (YAML only). */
  locate: ReadDocument['locate'];
}

export interface ReadOutcome {
  migrations: ReadMigration[];
  problems: ResourceProblem[];
  warnings: ResourceProblem[];
}

/** Which service keeps the kinds the coordinator does not. */
const KEPT_BY: Record<string, string> = { ClusterPair: 'failover service', Rule: 'snapshot service', SchedulePolicy: 'scheduler', MigrationSchedule: 'scheduler' };

export const notServedMessage = (kind: string): string =>
  `the coordinator keeps one-off Migration resources only; ${kind} resources are kept by the ${KEPT_BY[kind] ?? 'other services'}`;

export const notServedFix = (kind: string): string =>
  `send ${kind} documents to the ${KEPT_BY[kind] ?? 'service that keeps them'} (tandemctl apply -f sends each kind to its service), or leave it out of this request`;

const COORDINATOR_KINDS: JsonKinds = {
  validators: { Migration: validateMigration },
  notServed: (kind) => ({ message: notServedMessage(kind), fix: notServedFix(kind) }),
  unknownKindFix: 'write kind: Migration',
};

/**
 * A multi-document YAML stream, each resource paired with its document number (see readYamlDocuments). Kinds other
 * than Migration are refused here, naming the service that keeps them; warnings get the line and column of their field.
 */
export function readYaml(text: string, options: ReadOptions): ReadOutcome {
  const read = readYamlDocuments(text, options);
  const out = migrationsOf(read);
  for (const { document, resource, locate } of read.documents) {
    if (resource.kind === 'Migration') continue;
    const position = locate('kind');
    out.problems.push({ document, kind: resource.kind, name: resource.metadata.name, path: 'kind', ...(position ?? {}), message: notServedMessage(resource.kind), fix: notServedFix(resource.kind) });
  }
  const located = new Map(read.documents.map((d) => [d.document, d.locate]));
  out.warnings = read.warnings.map((w) => {
    const position = w.document === undefined ? undefined : located.get(w.document)?.(w.path);
    return position && w.line === undefined ? { ...w, ...position } : w;
  });
  return out;
}

/** JSON: one document, a list of them, or a Kubernetes `List` (`{kind: List, items: [...]}`); documents numbered from 1. */
export function readJson(body: unknown, options: ReadOptions): ReadOutcome {
  return migrationsOf(readJsonDocuments(body, options, COORDINATOR_KINDS));
}

function migrationsOf(read: DocumentsOutcome): ReadOutcome {
  const migrations: ReadMigration[] = [];
  for (const { document, resource, locate } of read.documents) if (resource.kind === 'Migration') migrations.push({ document, migration: resource, locate });
  return { migrations, problems: [...read.problems], warnings: [...read.warnings] };
}
