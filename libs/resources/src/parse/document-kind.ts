import { DR_API_VERSIONS, DR_KINDS, DrKind } from '../model/resource-meta.model';
import { closest, describeValue, FieldProblem } from '../problems/findings';
import { isMapping } from '../problems/object-reader';

/** Stork kinds that are not resources in Tandem, and what to do instead. */
const NOT_TANDEM_KINDS: Record<string, string> = {
  ClusterDomainUpdate: 'activating or deactivating a cluster domain is a command in Tandem: run tandemctl activate clusterdomain <domain> (or deactivate)',
  ClusterDomainsStatus: 'run tandemctl get clusterdomainsstatus',
  BackupLocation: 'give the object store in the ClusterPair (spec.objectStore, or the objectStore* options of a Stork pair)',
  NamespacedSchedulePolicy: 'write it as a SchedulePolicy (same fields)',
};

const ACCEPTED = `${DR_KINDS.join(', ')} (apiVersion ${DR_API_VERSIONS.join(' or ')})`;

/** The kind to read a document as, or the problems that stop it being read at all. */
export function documentKind(document: unknown): { kind: DrKind } | { problems: FieldProblem[] } {
  if (!isMapping(document)) {
    return {
      problems: [
        {
          segments: [],
          message: `expected a resource (a mapping with apiVersion, kind, metadata), got ${describeValue(document)}`,
          fix: `write a ${DR_KINDS.join(', ')} document`,
        },
      ],
    };
  }
  const kind = document['kind'];
  if (typeof kind === 'string' && (DR_KINDS as readonly string[]).includes(kind)) return { kind: kind as DrKind };
  const problems: FieldProblem[] = [];
  if (kind === undefined || kind === null) {
    problems.push({ segments: ['kind'], message: 'required field is missing', fix: `add kind: one of ${ACCEPTED}` });
  } else if (typeof kind === 'string' && kind in NOT_TANDEM_KINDS) {
    problems.push({ segments: ['kind'], message: `${kind} is not a Tandem resource`, fix: NOT_TANDEM_KINDS[kind] });
  } else {
    const near = typeof kind === 'string' ? closest(kind, DR_KINDS) : undefined;
    problems.push({
      segments: ['kind'],
      message: `unknown kind ${describeValue(kind)}`,
      fix: `${near ? `did you mean ${near}? The` : 'the'} accepted kinds are ${ACCEPTED}`,
    });
  }
  const apiVersion = document['apiVersion'];
  if (!(DR_API_VERSIONS as readonly unknown[]).includes(apiVersion)) {
    problems.push({
      segments: ['apiVersion'],
      message: apiVersion === undefined || apiVersion === null ? 'required field is missing' : `unknown apiVersion ${describeValue(apiVersion)}`,
      fix: `write apiVersion: ${DR_API_VERSIONS.join(' or apiVersion: ')}`,
    });
  }
  return { problems };
}
