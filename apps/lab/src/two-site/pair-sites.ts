import { type KubeObject, type Platform } from '@tandem/platform';
import { waitFor } from '@tandem/testing';
import { parseAllDocuments, stringify } from 'yaml';
import { getJson, getText, postYaml } from './lab-http';

export const LAB_FIELD_MANAGER = 'two-site-lab';

export interface PairSitesRequest {
  /** Base URLs (`http://host:port`) of the destination's and the source's failover services. */
  destinationFailover: string;
  sourceFailover: string;
  /** The source site, where the Secrets of the generated YAML are applied. */
  source: Platform;
  namespace: string;
  name: string;
  timeoutMs: number;
}

/** What the failover service shows of a cluster pair; `status` is read loosely, as a string or an object with a phase. */
export type ClusterPairView = Record<string, unknown>;

/**
 * Pairs the sites the way a person does: asks the destination's failover service to generate the ClusterPair,
 * applies the generated Secret(s) to the source site (creating the namespace there when missing), POSTs the
 * ClusterPair to the source's failover service, and waits until the pair is Ready there.
 */
export async function pairSites(request: PairSitesRequest): Promise<ClusterPairView> {
  const { namespace, name } = request;
  const query = new URLSearchParams({ namespace, name });
  const generated = await getText(`${request.destinationFailover}/v1/clusterpairs/generate?${query}`);
  const documents = parseAllDocuments(generated);
  if (!Array.isArray(documents)) throw new Error(`the generated cluster pair is no YAML document stream: ${generated.slice(0, 500)}`);
  const objects = documents.map((document, index) => {
    if (document.errors.length > 0) throw new Error(`document ${index + 1} of the generated cluster pair is not YAML: ${document.errors[0]?.message}`);
    return document.toJS() as KubeObject | null;
  });
  const secrets = objects.filter((o): o is KubeObject => o?.kind === 'Secret');
  const rest = objects.filter((o): o is KubeObject => o !== null && o.kind !== 'Secret');
  if (!rest.some((o) => o.kind === 'ClusterPair')) throw new Error(`the generated YAML holds no ClusterPair (kinds: ${objects.map((o) => o?.kind).join(', ')})`);
  // As a person would: the namespace first when the site does not have it yet (the reverse pair, on the DR site).
  if (secrets.length > 0 && (await request.source.get({ apiVersion: 'v1', kind: 'Namespace', name: namespace })) === undefined) {
    await request.source.apply({ apiVersion: 'v1', kind: 'Namespace', metadata: { name: namespace } }, { fieldManager: LAB_FIELD_MANAGER });
  }
  for (const secret of secrets) {
    await request.source.apply({ ...secret, metadata: { ...secret.metadata, namespace: secret.metadata.namespace ?? namespace } }, { fieldManager: LAB_FIELD_MANAGER });
  }
  await postYaml(`${request.sourceFailover}/v1/resources`, rest.map((o) => stringify(o)).join('---\n'));
  let last: ClusterPairView | undefined;
  try {
    return await waitFor(
      async () => {
        last = await getJson<ClusterPairView>(`${request.sourceFailover}/v1/clusterpairs/${namespace}/${name}`);
        return pairStatus(last) === 'Ready' ? last : undefined;
      },
      { what: `cluster pair ${namespace}/${name} to be Ready`, timeoutMs: request.timeoutMs, intervalMs: 250 },
    );
  } catch (error) {
    throw new Error(`${(error as Error).message}; last seen: ${JSON.stringify(last)}`, { cause: error });
  }
}

/** The pair's status word: `status` itself when a string, else its `phase`, `state` or `status`. */
export function pairStatus(view: ClusterPairView | undefined): string | undefined {
  const status = view?.['status'];
  if (typeof status === 'string') return status;
  if (status && typeof status === 'object') {
    for (const key of ['phase', 'state', 'status']) {
      const value = (status as Record<string, unknown>)[key];
      if (typeof value === 'string') return value;
    }
  }
  return undefined;
}
