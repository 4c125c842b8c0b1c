import { validateRule, type ResourceProblem } from '@tandem/resources';
import { type JsonKinds, readJsonDocuments, type ReadOptions, type ReadOutcome } from '@tandem/service';

export { readYamlDocuments as readYaml } from '@tandem/service';

/** The service that keeps each kind this one does not. */
const KEPT_BY: Record<string, string> = {
  ClusterPair: 'failover',
  SchedulePolicy: 'scheduler',
  MigrationSchedule: 'scheduler',
  Migration: 'scheduler',
};

/** The problem of a document whose kind the snapshot service does not keep. */
export function notServed(kind: string): Pick<ResourceProblem, 'message' | 'fix'> {
  const service = KEPT_BY[kind];
  return {
    message: `the snapshot service does not keep ${kind} resources${service ? `: the ${service} service does` : ''}`,
    fix: `send ${kind} documents to the ${service ?? 'right'} service (tandemctl apply -f sends each kind to its service), or leave it out of this request`,
  };
}

const SNAPSHOT_KINDS: JsonKinds = { validators: { Rule: validateRule }, notServed, unknownKindFix: 'write kind: Rule' };

/** JSON: one document, a list of them, or a Kubernetes `List` (`{kind: List, items: [...]}`), numbered from 1. */
export function readJson(body: unknown, options: ReadOptions): ReadOutcome {
  return readJsonDocuments(body, options, SNAPSHOT_KINDS);
}
