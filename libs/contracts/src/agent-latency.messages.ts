import { domainName, nodeName } from './agent-identity.schema';
import { defineMessage } from './message-definition';
import { int, isoTime, num, obj, opt } from './schema';

/**
 * Round trips from an agent to the agents of the peer domain over core NATS, summarised as `ping` does:
 * min/avg/max/mdev in milliseconds over the answered probes (absent when none was answered).
 */
export const LatencyMeasured = defineMessage({
  kind: 'event',
  service: 'agent',
  name: 'latency-measured',
  version: 1,
  description: "Round-trip time to the peer domain's agents: min/avg/max/mdev like ping.",
  schema: obj({
    domain: domainName,
    node: nodeName,
    peerDomain: domainName,
    samples: int({ min: 0 }),
    lost: int({ min: 0 }),
    minMs: opt(num()),
    avgMs: opt(num()),
    maxMs: opt(num()),
    mdevMs: opt(num()),
    at: isoTime(),
  }),
});
