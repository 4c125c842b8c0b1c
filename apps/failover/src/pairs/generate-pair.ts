import { readFile } from 'node:fs/promises';
import { PLATFORM_ACCESS_KEYS, type ServerInfo, SiteLayout } from '@tandem/platform';
import { ClusterPair, ObjectStoreRef, TANDEM_API_VERSION, toYaml } from '@tandem/resources';
import { InvalidInputError, UnavailableError } from '@tandem/service';
import { stringify } from 'yaml';

/** How other sites reach this site's platform: a lab site's server, or a Kubernetes API (kubeconfig made by hand). */
export type SiteAccess = { kind: 'lab'; dir: string } | { kind: 'kubernetes' };

export interface GenerateOptions {
  domain: string;
  publicUrl: string | undefined;
  objectStore: ObjectStoreRef | undefined;
  access: SiteAccess;
}

/**
 * What `tandemctl generate clusterpair -n <namespace> <name>` prints on this site, the destination: the Secret that
 * opens this site's platform (a lab site's URL and token; for Kubernetes, a comment saying how to make it), then a
 * Tandem ClusterPair whose endpoint is this site's failover API and whose object store is the one this site offers.
 */
export async function generateClusterPair(ref: { namespace: string; name: string }, options: GenerateOptions): Promise<string> {
  if (!options.publicUrl) {
    throw new InvalidInputError(
      "this site does not know the URL other sites reach its failover API at: set TANDEM_FAILOVER_PUBLIC_URL on this site's failover service (e.g. https://tandem.dr-site.example.com)",
      { code: 'public-url-not-set' },
    );
  }
  const secretName = `${ref.name}-platform`;
  const pair: ClusterPair = {
    kind: 'ClusterPair',
    apiVersion: TANDEM_API_VERSION,
    metadata: { name: ref.name, namespace: ref.namespace, labels: {}, annotations: {} },
    mode: options.objectStore ? 'async' : 'sync',
    destination: { endpoints: [options.publicUrl], clusterDomain: options.domain, kubeconfigSecretRef: { name: secretName } },
    ...(options.objectStore ? { objectStore: options.objectStore } : {}),
    options: {},
  };
  const pairYaml = toYaml(pair);
  if (options.access.kind === 'kubernetes') {
    return (
      `# Create the Secret ${secretName} in namespace ${ref.namespace} on the source site with a kubeconfig key that reaches this cluster:\n` +
      `#   kubectl -n ${ref.namespace} create secret generic ${secretName} --from-file=${PLATFORM_ACCESS_KEYS.kubeconfig}=<kubeconfig of this cluster>\n` +
      pairYaml
    );
  }
  const { url, token } = await labAccess(options.access.dir);
  const secret = {
    apiVersion: 'v1',
    kind: 'Secret',
    metadata: { name: secretName, namespace: ref.namespace },
    type: 'Opaque',
    stringData: { [PLATFORM_ACCESS_KEYS.labUrl]: url, [PLATFORM_ACCESS_KEYS.labToken]: token },
  };
  return `${stringify(secret, { lineWidth: 0 })}---\n${pairYaml}`;
}

async function labAccess(dir: string): Promise<{ url: string; token: string }> {
  const layout = new SiteLayout(dir);
  let info: ServerInfo;
  try {
    info = JSON.parse(await readFile(layout.serverFile, 'utf8')) as ServerInfo;
  } catch (error) {
    throw new UnavailableError(`this lab site (${dir}) is not being served (cannot read ${layout.serverFile}): start its server, then generate again`, { cause: error });
  }
  try {
    return { url: info.url, token: (await readFile(layout.tokenFile, 'utf8')).trim() };
  } catch (error) {
    throw new UnavailableError(`cannot read the token of this lab site (${layout.tokenFile}): run the failover service as the user who created the site`, { cause: error });
  }
}
