import { randomUUID } from 'node:crypto';
import type { ConsumerMessages } from '@nats-io/jetstream';
import { BusConnection } from '@tandem/bus';
import { busNaming, type CloudEvent, DataOf, encodeCloudEvent, type MessageDefinition, MigrationFinished, MigrationRequested } from '@tandem/contracts';
import { Outbox } from '@tandem/persistence';
import { waitFor } from '@tandem/testing';

/** An event as the test received it, with when. */
export interface Received {
  event: CloudEvent<unknown>;
  receivedAt: number;
}

/**
 * A test's seat on the bus: records every event of the events stream from its start (each stream message once, so a
 * duplicate publication would be seen twice), and answers migrations as the coordinator would.
 */
export class TestBus {
  readonly received: Received[] = [];
  private readonly readers: ConsumerMessages[] = [];
  private readonly outbox: Outbox;
  private readonly finishing = new Map<string, (data: DataOf<typeof MigrationRequested>) => boolean>();
  private readonly listeners = new Set<(r: Received) => void>();

  private constructor(readonly bus: BusConnection) {
    this.outbox = new Outbox(bus.naming, 'tandem/test');
  }

  static async open(natsUrl: string, prefix: string): Promise<TestBus> {
    const t = new TestBus(await BusConnection.open({ servers: natsUrl, name: 'scheduler-test', naming: busNaming(prefix) }));
    const consumer = await t.bus.js.consumers.get(t.bus.naming.streams.events);
    const messages = await consumer.consume();
    t.readers.push(messages);
    void (async () => {
      for await (const m of messages) t.take({ event: m.json<CloudEvent<unknown>>(), receivedAt: Date.now() });
    })();
    return t;
  }

  private take(r: Received): void {
    this.received.push(r);
    for (const l of this.listeners) l(r);
    if (r.event.type !== MigrationRequested.type) return;
    const data = r.event.data as DataOf<typeof MigrationRequested>;
    const finish = this.finishing.get(`${data.schedule.namespace}/${data.schedule.name}`);
    if (finish?.(data)) void this.finish(data.schedule.namespace, data.migration);
  }

  /** Calls `listener` for every event received from now on. */
  onEvent(listener: (r: Received) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /**
   * Answers every migration the schedule requests with `migration-finished`, at once, as long as `when` says so
   * (default: always). Replaces an earlier rule for the schedule.
   */
  autoFinish(schedule: { namespace: string; name: string }, when: (data: DataOf<typeof MigrationRequested>) => boolean = () => true): void {
    this.finishing.set(`${schedule.namespace}/${schedule.name}`, when);
  }

  stopFinishing(schedule: { namespace: string; name: string }): void {
    this.finishing.delete(`${schedule.namespace}/${schedule.name}`);
  }

  /** Publishes `migration-finished` as the coordinator would. */
  async finish(namespace: string, migration: string, status: DataOf<typeof MigrationFinished>['status'] = 'Successful', id = randomUUID()): Promise<string> {
    return this.send(MigrationFinished, { migration, namespace, status, finishedAt: new Date().toISOString() }, id);
  }

  async send<T>(definition: MessageDefinition<T>, data: T, id = randomUUID()): Promise<string> {
    const { subject, event } = this.outbox.build({ definition, data, id });
    await this.bus.publish(subject, encodeCloudEvent(event), { msgID: event.id });
    return event.id;
  }

  /** Events of a type (and matching `where`) received so far, in stream order. */
  seen<T>(definition: MessageDefinition<T>, where: (data: T) => boolean = () => true): CloudEvent<T>[] {
    return this.received.map((r) => r.event).filter((e) => e.type === definition.type && where(e.data as T)) as CloudEvent<T>[];
  }

  async waitForCount<T>(definition: MessageDefinition<T>, where: (data: T) => boolean, count: number, timeoutMs = 20_000): Promise<CloudEvent<T>[]> {
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
