import { randomUUID } from 'node:crypto';
import type { ConsumerMessages } from '@nats-io/jetstream';
import { BusConnection } from '@tandem/bus';
import { busNaming, type CloudEvent, encodeCloudEvent, type MessageDefinition } from '@tandem/contracts';
import { Outbox } from '@tandem/persistence';
import { waitFor } from '@tandem/testing';

/**
 * A test's seat on the bus: sends commands as a service would (a validated CloudEvents envelope) and records every
 * event from the start of the events stream (each stream message once, so a duplicate would be seen twice).
 */
export class TestBus {
  readonly events: CloudEvent<unknown>[] = [];
  private readonly readers: ConsumerMessages[] = [];
  private readonly outbox: Outbox;

  private constructor(readonly bus: BusConnection) {
    this.outbox = new Outbox(bus.naming, 'tandem/test');
  }

  static async open(natsUrl: string, prefix: string): Promise<TestBus> {
    const t = new TestBus(await BusConnection.open({ servers: natsUrl, name: 'replication-test', naming: busNaming(prefix) }));
    const consumer = await t.bus.js.consumers.get(t.bus.naming.streams.events);
    const messages = await consumer.consume();
    t.readers.push(messages);
    void (async () => {
      for await (const m of messages) t.events.push(m.json());
    })();
    return t;
  }

  /** Publishes a command like a service's outbox relay would; returns the envelope's id. */
  async send<T>(definition: MessageDefinition<T>, data: T, opts: { scope?: string; id?: string } = {}): Promise<string> {
    const { subject, event } = this.outbox.build({ definition, data, id: opts.id ?? randomUUID(), ...(opts.scope ? { scope: opts.scope } : {}) });
    await this.bus.publish(subject, encodeCloudEvent(event), { msgID: event.id });
    return event.id;
  }

  /** Events of a type (and matching `where`) seen so far, in stream order. */
  seen<T>(definition: MessageDefinition<T>, where: (data: T) => boolean = () => true): CloudEvent<T>[] {
    return this.events.filter((e) => e.type === definition.type && where(e.data as T)) as CloudEvent<T>[];
  }

  async next<T>(definition: MessageDefinition<T>, where: (data: T) => boolean = () => true, timeoutMs = 30_000): Promise<CloudEvent<T>> {
    return waitFor(() => this.seen(definition, where)[0], { timeoutMs, intervalMs: 25, what: `a ${definition.type} event` });
  }

  async close(): Promise<void> {
    for (const r of this.readers) r.stop();
    await this.bus.drain();
  }
}
