import { domainName, nodeName } from './agent-identity.schema';
import { defineMessage } from './message-definition';
import { sagaRefSchema } from './saga-ref';
import { bool, int, obj, opt, str } from './schema';

/**
 * Fencing: each cluster domain has an epoch, raised when another site takes over (failover). The agents keep the
 * highest epoch they have been told and refuse every data command that carries a lower one.
 */
export const SetDomainEpoch = defineMessage({
  kind: 'command',
  service: 'agent',
  name: 'set-domain-epoch',
  version: 1,
  scoped: true,
  description: "Raise the domain's epoch; an epoch lower than or equal to the current one changes nothing.",
  schema: obj({
    domain: domainName,
    epoch: int({ min: 1 }),
    reason: str({ max: 500 }),
    sagaRef: opt(sagaRefSchema),
  }),
});

export const DomainEpochSet = defineMessage({
  kind: 'event',
  service: 'agent',
  name: 'domain-epoch-set',
  version: 1,
  description: "The answer to set-domain-epoch: the domain's epoch now, and whether it was raised.",
  schema: obj({
    domain: domainName,
    node: nodeName,
    requested: int({ min: 1 }),
    reason: str({ max: 500 }),
    sagaRef: opt(sagaRefSchema),
    output: obj({ epoch: int({ min: 0 }), previous: int({ min: 0 }), raised: bool() }),
  }),
});
