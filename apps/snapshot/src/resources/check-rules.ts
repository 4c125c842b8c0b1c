import type { ResourceProblem, Rule } from '@tandem/resources';
import type { ReadDocument, ReadOutcome } from '@tandem/service';
import { notServed } from './read-documents';

/** Where a resource came from, to name it in a problem. */
export interface Origin {
  document: number;
  locate: ReadDocument['locate'];
}

export interface RulesToApply {
  rules: Rule[];
  problems: ResourceProblem[];
  warnings: ResourceProblem[];
}

/** Judges what the resources lib read: the snapshot service keeps Rules, each named once per request. */
export function checkRules(read: ReadOutcome): RulesToApply {
  const out: RulesToApply = { rules: [], problems: [...read.problems], warnings: read.warnings };
  const seen = new Map<string, number>();
  for (const doc of read.documents) {
    const { resource } = doc;
    const place = (p: ResourceProblem): ResourceProblem => placed(p, doc);
    if (resource.kind !== 'Rule') {
      out.problems.push(place({ kind: resource.kind, name: resource.metadata.name, path: 'kind', ...notServed(resource.kind) }));
      continue;
    }
    const key = `${resource.metadata.namespace}/${resource.metadata.name}`;
    const first = seen.get(key);
    if (first !== undefined) {
      out.problems.push(
        place({
          kind: 'Rule',
          name: resource.metadata.name,
          path: 'metadata.name',
          message: `Rule "${key}" is already in document ${first} of this request`,
          fix: 'give each resource once per request (merge the two documents, or rename one)',
        }),
      );
      continue;
    }
    seen.set(key, doc.document);
    out.rules.push(resource);
  }
  return out;
}

/** The problem with its document number and, from YAML, its line and column. */
export function placed(problem: ResourceProblem, origin: Origin): ResourceProblem {
  const position = origin.locate(problem.path);
  return { document: origin.document, ...problem, ...(position && problem.line === undefined ? position : {}) };
}
