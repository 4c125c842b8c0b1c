import { LineCounter, parseAllDocuments } from 'yaml';
import {
  isCoreDocument,
  locateIn,
  type NumberedSecret,
  parseFieldPath,
  parseSecretDocuments,
  type ResourceProblem,
  type SecretDocument,
  validateClusterPair,
  validateSecret,
} from '@tandem/resources';
import { type ReadDocument, readJsonDocuments, type ReadOptions, type ReadOutcome, readYamlDocuments } from '@tandem/service';

/** A Secret document (the access Secret `generate clusterpair` prints), with where it is. */
export interface ReadSecret {
  document: number;
  secret: SecretDocument;
  locate: ReadDocument['locate'];
}

/** What the failover service reads: the DR resources, and the Secrets beside them. */
export interface PairsRead extends ReadOutcome {
  secrets: ReadSecret[];
}

/** Which service keeps the kinds the failover service does not. */
const KEPT_BY: Record<string, string> = { Rule: 'snapshot', SchedulePolicy: 'scheduler', MigrationSchedule: 'scheduler', Migration: 'coordinator' };

/** The problem of a document whose kind the failover service does not keep. */
export function notServed(kind: string): Pick<ResourceProblem, 'message' | 'fix'> {
  const service = KEPT_BY[kind] ?? 'other';
  return {
    message: `the failover service keeps ClusterPair resources only; ${kind} resources are kept by the ${service} service`,
    fix: `send ${kind} documents to the ${service} service (tandemctl apply -f sends each kind to its service), or leave it out of this request`,
  };
}

const UNKNOWN_KIND_FIX = 'write kind: ClusterPair (or apiVersion: v1, kind: Secret for the Secret a pair names)';

/**
 * A multi-document YAML stream: the DR resources as every service reads them, and the core (`apiVersion: v1`)
 * documents as Secrets; the resources lib's "unknown kind" problems about those are dropped.
 */
export function readYaml(text: string, options: ReadOptions): PairsRead {
  const read = readYamlDocuments(text, options);
  const core = parseSecretDocuments(text, options);
  const problems = [...read.problems.filter((p) => p.document === undefined || !core.coreDocuments.has(p.document)), ...core.problems];
  return { ...read, problems, secrets: locatedSecrets(text, core.secrets) };
}

/** Each Secret with the line and column of its fields. */
function locatedSecrets(text: string, secrets: readonly NumberedSecret[]): ReadSecret[] {
  if (secrets.length === 0) return [];
  const lineCounter = new LineCounter();
  const documents = parseAllDocuments(text, { lineCounter, version: '1.2' });
  return secrets.map(({ document, secret }) => {
    const locate = locateIn(documents[document - 1]!, lineCounter);
    return { document, secret, locate: (path) => locate(parseFieldPath(path)) };
  });
}

/** JSON: one document, a list of them, or a Kubernetes `List`, numbered from 1; core documents are read as Secrets. */
export function readJson(body: unknown, options: ReadOptions): PairsRead {
  const secrets: ReadSecret[] = [];
  const read = readJsonDocuments(body, options, {
    validators: { ClusterPair: validateClusterPair },
    notServed,
    unknownKindFix: UNKNOWN_KIND_FIX,
    readOther: (item, document) => {
      if (!isCoreDocument(item)) return undefined;
      const secret = validateSecret(item, options);
      if (!secret.ok) return secret.problems;
      secrets.push({ document, secret: secret.value, locate: () => undefined });
      return [];
    },
  });
  return { ...read, secrets };
}
