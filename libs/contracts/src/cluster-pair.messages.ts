import { domainName } from './agent-identity.schema';
import { labelNameSchema, objectNameSchema } from './kubernetes-names.schema';
import { defineMessage } from './message-definition';
import { protectAnswerCommon, protectCommandCommon, protectFailure, secretKeyRefSchema } from './protect-common.schema';
import { int, obj, oneOf, opt } from './schema';
import { repositoryRefSchema, storeRefSchema } from './store-ref.schema';

/** What the protect saga needs to know of a cluster pair, resolved once at the start of each migration. */
export const ResolveClusterPair = defineMessage({
  kind: 'command',
  service: 'failover',
  name: 'resolve-cluster-pair',
  version: 1,
  description: 'Answer with what a migration over this cluster pair needs: the domains and their epochs, the store and the repository.',
  schema: obj({ ...protectCommandCommon, namespace: labelNameSchema, name: objectNameSchema }),
});

export const ClusterPairResolved = defineMessage({
  kind: 'event',
  service: 'failover',
  name: 'cluster-pair-resolved',
  version: 1,
  description: "A cluster pair's domains, epochs, store and repository (secrets as references only).",
  schema: obj({
    ...protectAnswerCommon,
    output: obj({
      namespace: labelNameSchema,
      name: objectNameSchema,
      mode: oneOf(['async', 'sync'] as const),
      sourceDomain: domainName,
      sourceEpoch: int({ min: 0 }),
      destinationDomain: domainName,
      destinationEpoch: int({ min: 0 }),
      /** async only: where the recovery points go, as the agents open it. */
      store: opt(storeRefSchema),
      repository: opt(repositoryRefSchema),
      /** The Secret on this site that opens the destination's platform API (a kubeconfig, or a lab site's URL and token). */
      destinationAccess: secretKeyRefSchema,
    }),
  }),
});

export const ResolveClusterPairFailed = defineMessage({
  kind: 'event',
  service: 'failover',
  name: 'resolve-cluster-pair-failed',
  version: 1,
  description: 'The cluster pair does not exist or is not Ready: the reason says which and what to do.',
  schema: obj(protectFailure),
});
