import { randomUUID } from 'node:crypto';
import type { ConsumerMessages } from '@nats-io/jetstream';
import { BusConnection } from '@tandem/bus';
import { busNaming, type CloudEvent, encodeCloudEvent, type MessageDefinition } from '@tandem/contracts';
import { Outbox } from '@tandem/persistence';
import { waitFor } from '@tandem/testing';

/**
 * A test's seat on the bus (trimmed from the scheduler's): sends commands as a saga would and records every event
 * of the events stream from its start.
 */
export class TestBus {
  readonly received: CloudEvent<unknown>[] = [];
  private readonly readers: ConsumerMessages[] = [];
  private readonly outbox: Outbox;

  private constructor(readonly bus: BusConnection) {
    this.outbox = new Outbox(bus.naming, 'tandem/test');
  }

  static async open(natsUrl: string, prefix: string): Promise<TestBus> {
    const t = new TestBus(await BusConnection.open({ servers: natsUrl, name: 'failover-test', naming: busNaming(prefix) }));
    const consumer = await t.bus.js.consumers.get(t.bus.naming.streams.events);
    const messages = await consumer.consume();
    t.readers.push(messages);
    void (async () => {
      for await (const m of messages) t.received.push(m.json<CloudEvent<unknown>>());
    })();
    return t;
  }

  /** Sends a message; `scope` routes a scoped command to one cluster domain (the agents of `primary`, say). */
  async send<T>(definition: MessageDefinition<T>, data: T, id = randomUUID(), scope?: string): Promise<string> {
    const { subject, event } = this.outbox.build({ definition, data, id, ...(scope ? { scope } : {}) });
    await this.bus.publish(subject, encodeCloudEvent(event), { msgID: event.id });
    return event.id;
  }

  /** Events of a type (and matching `where`) received so far, in stream order. */
  seen<T>(definition: MessageDefinition<T>, where: (data: T) => boolean = () => true): CloudEvent<T>[] {
    return this.received.filter((e) => e.type === definition.type && where(e.data as T)) as CloudEvent<T>[];
  }

  /** The first event of one of the types that matches `where`. */
  async waitForOne(definitions: MessageDefinition<unknown>[], where: (data: unknown) => boolean, timeoutMs = 20_000): Promise<CloudEvent<unknown>> {
    return waitFor(() => this.received.find((e) => definitions.some((d) => d.type === e.type) && where(e.data)), {
      timeoutMs,
      intervalMs: 25,
      what: `one of ${definitions.map((d) => d.type).join(', ')}`,
    });
  }

  async close(): Promise<void> {
    for (const r of this.readers) r.stop();
    await this.bus.drain();
  }
}
