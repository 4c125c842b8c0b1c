import { ClusterPair, TANDEM_API_VERSION, toManifest } from '@tandem/resources';
import type { PairRecord } from '../pairs/cluster-pairs.store';
import type { MetroStatus } from '../pairs/metro-status';

/**
 * A pair as the API shows it, in Tandem's form. A Stork pair whose destination is reached through its inline
 * kubeconfig has no Tandem form: its spec is shown with the kubeconfig reduced to the server and context it names,
 * so the view never echoes the credentials. A metro (sync) pair's status carries `metro`: whether it is degraded and why.
 */
export function pairView(record: PairRecord, metro?: MetroStatus) {
  const { pair, status } = record;
  return {
    apiVersion: TANDEM_API_VERSION,
    kind: 'ClusterPair',
    metadata: { namespace: pair.metadata.namespace!, name: pair.metadata.name, creationTimestamp: record.createdAt.toISOString() },
    spec: tandemSpec(pair),
    status: {
      state: status.state,
      ...(status.reason ? { reason: status.reason } : {}),
      mode: status.mode,
      checkedAt: new Date(status.checkedAt).toISOString(),
      ...(metro ? { metro } : {}),
    },
  };
}

function tandemSpec(pair: ClusterPair): unknown {
  const { kubeconfig, ...destination } = pair.destination;
  if (!kubeconfig && destination.endpoints.length > 0) return toManifest(pair, TANDEM_API_VERSION)['spec'];
  const withEndpoints = { ...pair, destination: { ...destination, endpoints: destination.endpoints.length ? destination.endpoints : ['https://unknown.invalid'] } };
  const spec = toManifest(withEndpoints, TANDEM_API_VERSION)['spec'] as { destination: Record<string, unknown> };
  return {
    ...spec,
    destination: {
      ...spec.destination,
      endpoints: destination.endpoints,
      ...(kubeconfig ? { inlineKubeconfig: { server: kubeconfig.server, currentContext: kubeconfig.currentContext } } : {}),
    },
  };
}
