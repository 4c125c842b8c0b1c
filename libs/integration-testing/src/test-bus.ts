import { randomUUID } from 'node:crypto';
import type { ConsumerMessages, JsMsg } from '@nats-io/jetstream';
import { BusConnection } from '@tandem/bus';
import { busNaming, type CloudEvent, encodeCloudEvent, type MessageDefinition } from '@tandem/contracts';
import { Outbox } from '@tandem/persistence';
import { waitFor } from '@tandem/testing';

/** A message the bus gave up on, as the dead-letter stream holds it. */
export interface DeadLetter {
  reason: string;
  consumer: string;
  event: CloudEvent<unknown>;
}

export interface TestBusOptions {
  /** Also record the dead-letter stream (`deadLetters`). */
  deadLetters?: boolean;
}

/**
 * A test's seat on the bus: sends commands (and events) as a service's outbox relay would, a validated CloudEvents
 * envelope, and records every event of the events stream from its start — each stream message once, so a duplicate
 * publication would be seen twice — to wait for and assert on.
 */
export class TestBus {
  /** Every event of the events stream, in stream order. */
  readonly received: CloudEvent<unknown>[] = [];
  readonly deadLetters: DeadLetter[] = [];
  private readonly readers: ConsumerMessages[] = [];
  private readonly listeners = new Set<(event: CloudEvent<unknown>) => void>();
  private readonly outbox: Outbox;

  private constructor(readonly bus: BusConnection) {
    this.outbox = new Outbox(bus.naming, 'tandem/test');
  }

  /** Connects as `<name>-test` to the bus of `prefix` (creating Tandem's streams if need be) and starts recording. */
  static async open(natsUrl: string, prefix: string, name = 'tandem', options: TestBusOptions = {}): Promise<TestBus> {
    const t = new TestBus(await BusConnection.open({ servers: natsUrl, name: `${name}-test`, naming: busNaming(prefix) }));
    await t.follow(t.bus.naming.streams.events, (m) => t.take(m.json<CloudEvent<unknown>>()));
    if (options.deadLetters) {
      await t.follow(t.bus.naming.streams.deadLetters, (m) =>
        t.deadLetters.push({ reason: m.headers?.get('Tandem-Reason') ?? '', consumer: m.headers?.get('Tandem-Consumer') ?? '', event: m.json() }),
      );
    }
    return t;
  }

  private async follow(stream: string, take: (m: JsMsg) => void): Promise<void> {
    const consumer = await this.bus.js.consumers.get(stream);
    const messages = await consumer.consume();
    this.readers.push(messages);
    void (async () => {
      for await (const m of messages) take(m);
    })();
  }

  private take(event: CloudEvent<unknown>): void {
    this.received.push(event);
    for (const listener of this.listeners) listener(event);
  }

  /** Calls `listener` for every event received from now on; returns what stops it. */
  onEvent(listener: (event: CloudEvent<unknown>) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Publishes a command (or event) like a service's outbox relay would; returns the envelope's id. */
  async send<T>(definition: MessageDefinition<T>, data: T, opts: { scope?: string; id?: string } = {}): Promise<string> {
    const { subject, event } = this.outbox.build({ definition, data, id: opts.id ?? randomUUID(), ...(opts.scope ? { scope: opts.scope } : {}) });
    await this.bus.publish(subject, encodeCloudEvent(event), { msgID: event.id });
    return event.id;
  }

  /** Events of a type (and matching `where`) received so far, in stream order. */
  seen<T>(definition: MessageDefinition<T>, where: (data: T) => boolean = () => true): CloudEvent<T>[] {
    return this.received.filter((e) => e.type === definition.type && where(e.data as T)) as CloudEvent<T>[];
  }

  /** The first event of one of `definitions` matching `where`, waiting for it. */
  async waitForOne(definitions: readonly MessageDefinition<unknown>[], where: (event: CloudEvent<unknown>) => boolean, timeoutMs = 60_000): Promise<CloudEvent<unknown>> {
    const types = new Set(definitions.map((definition) => definition.type));
    return waitFor(() => this.received.find((e) => types.has(e.type) && where(e)), { timeoutMs, intervalMs: 25, what: `a ${[...types].join(' or ')} event` });
  }

  /** The answer to the command `commandId` (the event it caused), among the given answer types. */
  async answerTo(commandId: string, definitions: readonly MessageDefinition<unknown>[], timeoutMs = 60_000): Promise<CloudEvent<unknown>> {
    return this.waitForOne(definitions, (e) => e.causationid === commandId, timeoutMs);
  }

  /** The first event of a type (and matching `where`), waiting for it. */
  async next<T>(definition: MessageDefinition<T>, where: (data: T) => boolean = () => true, timeoutMs = 30_000): Promise<CloudEvent<T>> {
    return waitFor(() => this.seen(definition, where)[0], { timeoutMs, intervalMs: 25, what: `a ${definition.type} event` });
  }

  /** Waits until `count` events of a type (and matching `where`) were received; answers all received so far. */
  async waitForCount<T>(definition: MessageDefinition<T>, where: (data: T) => boolean, count: number, timeoutMs = 60_000): Promise<CloudEvent<T>[]> {
    return waitFor(() => (this.seen(definition, where).length >= count ? this.seen(definition, where) : undefined), {
      timeoutMs,
      intervalMs: 25,
      what: `${count} ${definition.type} event(s)`,
    });
  }

  async close(): Promise<void> {
    for (const r of this.readers) r.stop();
    await this.bus.drain();
  }
}
