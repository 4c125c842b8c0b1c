import { type JsonKinds, readJsonDocuments, type ReadOptions, type ReadOutcome } from '@tandem/service';
import { validateMigrationSchedule, validateSchedulePolicy } from '@tandem/resources';

export { readYamlDocuments as readYaml } from '@tandem/service';

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

/** The kinds the scheduler keeps; the others are reported by the caller (YAML) or here (JSON). */
const SCHEDULER_KINDS: JsonKinds = {
  validators: { SchedulePolicy: validateSchedulePolicy, MigrationSchedule: validateMigrationSchedule },
  notServed: (kind) => ({ message: notServedMessage(kind), fix: notServedFix(kind) }),
  unknownKindFix: 'write kind: SchedulePolicy or kind: MigrationSchedule',
};

/** JSON: one document, a list of them, or a Kubernetes `List`; documents numbered from 1 in that order. */
export function readJson(body: unknown, options: ReadOptions): ReadOutcome {
  return readJsonDocuments(body, options, SCHEDULER_KINDS);
}
