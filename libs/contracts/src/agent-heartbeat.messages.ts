import { domainName, nodeName, volumeName } from './agent-identity.schema';
import { defineMessage } from './message-definition';
import { arr, int, isoTime, obj, opt, str } from './schema';

/** A volume an agent can reach: its name, where it is on the node, and its size when known. */
export const reachableVolumeSchema = obj({
  name: volumeName,
  path: str({ max: 4096 }),
  bytes: opt(int({ min: 0 })),
});

export const AgentHeartbeat = defineMessage({
  kind: 'event',
  service: 'agent',
  name: 'heartbeat',
  version: 1,
  description: 'An agent is alive: who it is, the epoch it holds for its domain, and the volumes it can reach.',
  schema: obj({
    domain: domainName,
    node: nodeName,
    version: str({ max: 64 }),
    epoch: int({ min: 0 }),
    volumes: arr(reachableVolumeSchema, { max: 5_000 }),
    at: isoTime(),
  }),
});
