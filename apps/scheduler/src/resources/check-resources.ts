import type { ResourceProblem } from '@tandem/resources';
import type { ReadDocument, ReadOutcome } from '@tandem/service';
import { notServedFix, notServedMessage } from './read-documents';
import { checkPolicy, checkSchedule, CheckedPolicy, CheckedSchedule } from './scheduling-documents';

/** Where a resource came from, to name it in a problem. */
export interface Origin {
  document: number;
  locate: ReadDocument['locate'];
}

export interface ResourcesToApply {
  policies: (CheckedPolicy & Origin)[];
  schedules: (CheckedSchedule & Origin)[];
  problems: ResourceProblem[];
  warnings: ResourceProblem[];
}

/**
 * Judges what the resources lib read: the scheduler keeps SchedulePolicy and MigrationSchedule documents, each
 * judged by the scheduling lib, each named once per request. Every problem is kept, placed in its document.
 */
export function checkResources(read: ReadOutcome): ResourcesToApply {
  const out: ResourcesToApply = { policies: [], schedules: [], problems: [...read.problems], warnings: read.warnings };
  const seen = new Map<string, number>();
  for (const doc of read.documents) {
    const { resource } = doc;
    const origin: Origin = { document: doc.document, locate: doc.locate };
    const place = (p: ResourceProblem): ResourceProblem => placed(p, origin);
    if (resource.kind !== 'SchedulePolicy' && resource.kind !== 'MigrationSchedule') {
      out.problems.push(
        place({ kind: resource.kind, name: resource.metadata.name, path: 'kind', message: notServedMessage(resource.kind), fix: notServedFix(resource.kind) }),
      );
      continue;
    }
    const key = `${resource.kind}/${resource.kind === 'MigrationSchedule' ? `${resource.metadata.namespace}/` : ''}${resource.metadata.name}`;
    const first = seen.get(key);
    if (first !== undefined) {
      out.problems.push(
        place({
          kind: resource.kind,
          name: resource.metadata.name,
          path: 'metadata.name',
          message: `${resource.kind} "${resource.metadata.name}" is already in document ${first} of this request`,
          fix: 'give each resource once per request (merge the two documents, or rename one)',
        }),
      );
      continue;
    }
    seen.set(key, doc.document);
    if (resource.kind === 'SchedulePolicy') {
      const checked = checkPolicy(resource);
      if (checked.ok) out.policies.push({ ...checked.value, ...origin });
      else out.problems.push(...checked.problems.map(place));
    } else {
      const checked = checkSchedule(resource);
      if (checked.ok) out.schedules.push({ ...checked.value, ...origin });
      else out.problems.push(...checked.problems.map(place));
    }
  }
  return out;
}

/** The problem with its document number and, from YAML, its line and column. */
export function placed(problem: ResourceProblem, origin: Origin): ResourceProblem {
  const position = origin.locate(problem.path);
  return { document: origin.document, ...problem, ...(position && problem.line === undefined ? position : {}) };
}
