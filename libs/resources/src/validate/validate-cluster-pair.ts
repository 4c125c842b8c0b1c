import { ClusterPair } from '../model/cluster-pair.model';
import { DR_API_VERSIONS, STORK_API_VERSION } from '../model/resource-meta.model';
import { ObjectReader } from '../problems/object-reader';
import { readStorkClusterPair } from './stork-cluster-pair';
import { readTandemClusterPair } from './tandem-cluster-pair';
import { Header } from './validate-metadata';

/** The two forms differ: Stork's carries a kubeconfig and driver options, Tandem's endpoints and secret references. */
export function readClusterPair(root: ObjectReader, header: Header | undefined): ClusterPair | undefined {
  const apiVersion = root.value['apiVersion'];
  if (!(DR_API_VERSIONS as readonly unknown[]).includes(apiVersion)) {
    root.ignore('spec', 'status'); // which form the spec is in depends on the apiVersion, already reported
    return undefined;
  }
  return apiVersion === STORK_API_VERSION ? readStorkClusterPair(root, header) : readTandemClusterPair(root, header);
}
