import { domainName } from './agent-identity.schema';
import { defineMessage } from './message-definition';
import { int, isoTime, obj, opt, str } from './schema';

/** What both domain events carry: the domain, its epoch now and the one before, why, and when. */
const domainChange = obj({
  domain: domainName,
  epoch: int({ min: 1 }),
  previousEpoch: int({ min: 0 }),
  reason: opt(str({ max: 500 })),
  at: isoTime(),
});

/**
 * A cluster domain was deactivated (fenced): its epoch was raised and its agents told; nothing Tandem manages may
 * run there until it is activated again.
 */
export const DomainDeactivated = defineMessage({
  kind: 'event',
  service: 'failover',
  name: 'domain-deactivated',
  version: 1,
  description: 'A cluster domain was deactivated (fenced): its new epoch, the previous one, and why.',
  schema: domainChange,
});

/** A cluster domain was activated: it owns its applications again, under a new epoch. */
export const DomainActivated = defineMessage({
  kind: 'event',
  service: 'failover',
  name: 'domain-activated',
  version: 1,
  description: 'A cluster domain was activated: its new epoch (the new owner), the previous one, and why.',
  schema: domainChange,
});
