import type { StreamSource } from '@nats-io/jetstream';
import { busNaming, BusNaming, BusPeer, siteLinkTransforms } from '@tandem/contracts';

/**
 * The stream sources that link this site to its peers. Each source reads a peer's stream through the peer's
 * JetStream API across the leaf-node link (`$JS.<peerDomain>.API`), so the server itself keeps the position and,
 * while the link is down, the messages wait in the peer's stream and arrive once it is back. Messages keep their
 * headers (`Nats-Msg-Id` included) and body; only the subject is rewritten.
 */
export function peerSources(
  local: BusNaming,
  domain: string | undefined,
  peers: readonly BusPeer[],
): { commands: StreamSource[]; events: StreamSource[] } {
  if (peers.length === 0) return { commands: [], events: [] };
  if (!domain) throw new Error('the bus has peers but no domain of its own: give the local JetStream domain (TANDEM_BUS_DOMAIN)');
  const seen = new Set<string>();
  const commands: StreamSource[] = [];
  const events: StreamSource[] = [];
  for (const peer of peers) {
    if (seen.has(peer.domain)) throw new Error(`peer domain "${peer.domain}" is listed twice: list each linked site once`);
    seen.add(peer.domain);
    const transforms = siteLinkTransforms(local, domain, peer);
    const remote = busNaming(peer.prefix).streams;
    const external = { api: `$JS.${peer.domain}.API` };
    commands.push({ name: remote.commands, external, subject_transforms: [transforms.commands] });
    events.push({ name: remote.events, external, subject_transforms: [transforms.events] });
  }
  return { commands, events };
}
