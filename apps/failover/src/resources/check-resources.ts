import type { ClusterPair, ResourceProblem, SecretDocument } from '@tandem/resources';
import type { ReadDocument } from '@tandem/service';
import { notServed, type PairsRead } from './read-documents';

/** Where a resource came from, to name it in a problem. */
export interface Origin {
  document: number;
  locate: ReadDocument['locate'];
}

export interface PairsToApply {
  /** Applied to this site's platform before the pairs are checked (a pair's access Secret may be among them). */
  secrets: (Origin & { secret: SecretDocument })[];
  pairs: (Origin & { pair: ClusterPair })[];
  problems: ResourceProblem[];
  warnings: ResourceProblem[];
}

/**
 * Judges what the resources lib read: the failover service keeps ClusterPair documents and applies the Secrets
 * beside them, each named once per request. A Stork pair's inline kubeconfig is accepted with a warning that it
 * holds credentials in the resource.
 */
export function checkResources(read: PairsRead): PairsToApply {
  const out: PairsToApply = { secrets: [], pairs: [], problems: [...read.problems], warnings: [...read.warnings] };
  const seenSecrets = new Map<string, number>();
  for (const { document, locate, secret } of read.secrets) {
    const key = `${secret.metadata.namespace}/${secret.metadata.name}`;
    const first = seenSecrets.get(key);
    if (first !== undefined) {
      out.problems.push(
        placed(
          { kind: 'Secret', name: secret.metadata.name, path: 'metadata.name', message: `Secret "${key}" is already in document ${first} of this request`, fix: 'give each Secret once per request (merge the two documents, or rename one)' },
          { document, locate },
        ),
      );
      continue;
    }
    seenSecrets.set(key, document);
    out.secrets.push({ document, locate, secret });
  }
  const seen = new Map<string, number>();
  for (const doc of read.documents) {
    const { resource } = doc;
    const origin: Origin = { document: doc.document, locate: doc.locate };
    if (resource.kind !== 'ClusterPair') {
      out.problems.push(
        placed({ kind: resource.kind, name: resource.metadata.name, path: 'kind', ...notServed(resource.kind) }, origin),
      );
      continue;
    }
    const key = `${resource.metadata.namespace}/${resource.metadata.name}`;
    const first = seen.get(key);
    if (first !== undefined) {
      out.problems.push(
        placed(
          {
            kind: 'ClusterPair',
            name: resource.metadata.name,
            path: 'metadata.name',
            message: `ClusterPair "${key}" is already in document ${first} of this request`,
            fix: 'give each pair once per request (merge the two documents, or rename one)',
          },
          origin,
        ),
      );
      continue;
    }
    seen.set(key, doc.document);
    if (resource.destination.kubeconfig) {
      out.warnings.push(
        placed(
          {
            kind: 'ClusterPair',
            name: resource.metadata.name,
            path: 'spec.config',
            message: "spec.config holds the destination's kubeconfig, credentials included, inline in the resource (and so in this service's database)",
            fix: 'store the kubeconfig in a Secret and name it with the option tandemKubeconfigSecret (or write the pair as tandem.dev/v1alpha1 with spec.destination.kubeconfigSecretRef)',
          },
          origin,
        ),
      );
    }
    out.pairs.push({ ...origin, pair: resource });
  }
  return out;
}

/** The problem with its document number and, from YAML, its line and column. */
export function placed(problem: ResourceProblem, origin: Origin): ResourceProblem {
  const position = origin.locate(problem.path);
  return { document: origin.document, ...problem, ...(position && problem.line === undefined ? position : {}) };
}
