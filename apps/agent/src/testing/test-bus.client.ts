import { randomUUID } from 'node:crypto';
import type { ConsumerMessages } from '@nats-io/jetstream';
import { BusConnection } from '@tandem/bus';
import { busNaming, type CloudEvent, encodeCloudEvent, type MessageDefinition } from '@tandem/contracts';
import { Outbox } from '@tandem/persistence';
import { waitFor } from '@tandem/testing';

export interface DeadLetter {
  reason: string;
  consumer: string;
  event: CloudEvent<unknown>;
}

/**
 * A test's seat on the bus: sends commands as a service would (a validated CloudEvents envelope) and records every
 * event and dead letter from the start of the streams, to wait for and assert on.
 */
export class TestBus {
  readonly events: CloudEvent<unknown>[] = [];
  readonly deadLetters: DeadLetter[] = [];
  private readonly readers: ConsumerMessages[] = [];
  private readonly outbox: Outbox;

  private constructor(readonly bus: BusConnection) {
    this.outbox = new Outbox(bus.naming, 'tandem/test');
  }

  static async open(natsUrl: string, prefix: string): Promise<TestBus> {
    const t = new TestBus(await BusConnection.open({ servers: natsUrl, name: 'agent-test', naming: busNaming(prefix) }));
    await t.follow(t.bus.naming.streams.events, (m) => t.events.push(m.json()));
    await t.follow(t.bus.naming.streams.deadLetters, (m) =>
      t.deadLetters.push({ reason: m.headers?.get('Tandem-Reason') ?? '', consumer: m.headers?.get('Tandem-Consumer') ?? '', event: m.json() }),
    );
    return t;
  }

  private async follow(stream: string, take: (m: { json<T>(): T; headers?: { get(k: string): string } }) => void): Promise<void> {
    const consumer = await this.bus.js.consumers.get(stream);
    const messages = await consumer.consume();
    this.readers.push(messages);
    void (async () => {
      for await (const m of messages) take(m);
    })();
  }

  /** Publishes a command (or event) like a service's outbox relay would; returns the envelope's id. */
  async send<T>(definition: MessageDefinition<T>, data: T, opts: { scope?: string; id?: string } = {}): Promise<string> {
    const { subject, event } = this.outbox.build({ definition, data, id: opts.id ?? randomUUID(), ...(opts.scope ? { scope: opts.scope } : {}) });
    await this.bus.publish(subject, encodeCloudEvent(event), { msgID: event.id });
    return event.id;
  }

  /** Events of a type (and matching `where`) seen so far. */
  seen<T>(definition: MessageDefinition<T>, where: (data: T) => boolean = () => true): CloudEvent<T>[] {
    return this.events.filter((e) => e.type === definition.type && where(e.data as T)) as CloudEvent<T>[];
  }

  async next<T>(definition: MessageDefinition<T>, where: (data: T) => boolean = () => true, timeoutMs = 20_000): Promise<CloudEvent<T>> {
    return waitFor(() => this.seen(definition, where)[0], { timeoutMs, intervalMs: 25, what: `a ${definition.type} event` });
  }

  async close(): Promise<void> {
    for (const r of this.readers) r.stop();
    await this.bus.drain();
  }
}
