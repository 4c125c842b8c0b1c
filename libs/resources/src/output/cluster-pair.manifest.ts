import { InvalidInputError } from '@tandem/contracts';
import { ClusterPair, ObjectStoreRef } from '../model/cluster-pair.model';
import { DrApiVersion, STORK_API_VERSION } from '../model/resource-meta.model';
import { formatSecretRefText, secretRefObject } from '../validate/secret-ref';
import { OBJECT_STORE_OPTION, STORK_PAIR_OPTIONS } from '../validate/stork-cluster-pair-options';

type Json = Record<string, unknown>;

export function clusterPairSpec(pair: ClusterPair, apiVersion: DrApiVersion): Json {
  return apiVersion === STORK_API_VERSION ? storkSpec(pair) : tandemSpec(pair);
}

/** Stork's form: the kubeconfig under `config`, Tandem's settings as options next to the driver's. */
function storkSpec(pair: ClusterPair): Json {
  const { destination, objectStore } = pair;
  const options: Record<string, string> = { ...pair.options };
  const O = STORK_PAIR_OPTIONS;
  if (destination.endpoints.length) options[O.tandemEndpoints] = destination.endpoints.join(',');
  if (destination.credentialsSecretRef) options[O.tandemCredentialsSecret] = formatSecretRefText(destination.credentialsSecretRef);
  if (destination.kubeconfigSecretRef) options[O.tandemKubeconfigSecret] = formatSecretRefText(destination.kubeconfigSecretRef);
  if (destination.clusterDomain) options[O.clusterDomain] = destination.clusterDomain;
  if (objectStore) {
    for (const [field, value] of Object.entries(objectStore) as [keyof ObjectStoreRef, ObjectStoreRef[keyof ObjectStoreRef]][]) {
      if (value === undefined) continue;
      options[OBJECT_STORE_OPTION[field]] = typeof value === 'object' ? formatSecretRefText(value) : String(value);
    }
  }
  return { ...(destination.kubeconfig ? { config: destination.kubeconfig.config } : {}), options };
}

/** Tandem's form has no inline kubeconfig and needs the destination's Tandem endpoints. */
function tandemSpec(pair: ClusterPair): Json {
  const { destination, objectStore } = pair;
  const name = `ClusterPair ${pair.metadata.namespace}/${pair.metadata.name}`;
  if (destination.kubeconfig) {
    throw new InvalidInputError(
      `${name} cannot be written as tandem.dev/v1alpha1: its spec.config holds the destination's kubeconfig inline. ` +
        'Store the kubeconfig in a Secret and set spec.destination.kubeconfigSecretRef, or write the pair as stork.libopenstorage.org/v1alpha1.',
      { code: 'not-representable' },
    );
  }
  if (destination.endpoints.length === 0) {
    throw new InvalidInputError(`${name} cannot be written as tandem.dev/v1alpha1: it names no endpoint of the destination's Tandem API. Add the option ${STORK_PAIR_OPTIONS.tandemEndpoints}.`, {
      code: 'not-representable',
    });
  }
  return {
    mode: pair.mode,
    destination: {
      endpoints: destination.endpoints,
      ...(destination.credentialsSecretRef ? { credentialsSecretRef: secretRefObject(destination.credentialsSecretRef) } : {}),
      ...(destination.clusterDomain ? { clusterDomain: destination.clusterDomain } : {}),
      ...(destination.kubeconfigSecretRef ? { kubeconfigSecretRef: secretRefObject(destination.kubeconfigSecretRef) } : {}),
    },
    ...(objectStore ? { objectStore: objectStoreObject(objectStore) } : {}),
    ...(Object.keys(pair.options).length ? { options: pair.options } : {}),
  };
}

function objectStoreObject(store: ObjectStoreRef): Json {
  const { credentialsSecretRef, encryptionKeySecretRef, ...rest } = store;
  return {
    ...Object.fromEntries(Object.entries(rest).filter(([, v]) => v !== undefined)),
    ...(credentialsSecretRef ? { credentialsSecretRef: secretRefObject(credentialsSecretRef) } : {}),
    ...(encryptionKeySecretRef ? { encryptionKeySecretRef: secretRefObject(encryptionKeySecretRef) } : {}),
  };
}
