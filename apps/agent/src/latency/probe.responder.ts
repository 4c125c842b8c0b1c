import type { NatsConnection, Subscription } from '@nats-io/nats-core';
import { PROBE_QUEUE, probeSubject } from './probe.subject';

/**
 * Answers latency probes from other domains' agents on core NATS (request-reply, no JetStream: a probe must
 * measure the link, not a stream's storage). The answer echoes the probe at once, so the round trip is the link's.
 */
export class ProbeResponder {
  private sub: Subscription | undefined;

  constructor(
    private readonly nc: NatsConnection,
    private readonly prefix: string,
    private readonly domain: string,
  ) {}

  get subject(): string {
    return probeSubject(this.prefix, this.domain);
  }

  start(): void {
    this.sub = this.nc.subscribe(this.subject, {
      queue: PROBE_QUEUE,
      callback: (err, msg) => {
        if (!err) msg.respond(msg.data);
      },
    });
  }

  stop(): void {
    this.sub?.unsubscribe();
    this.sub = undefined;
  }
}
