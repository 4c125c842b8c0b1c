import { randomUUID } from 'node:crypto';
import type { EntityManager } from 'typeorm';
import { BusNaming, CloudEvent, MessageDefinition } from '@tandem/contracts';
import { currentTraceparent } from '@tandem/observability';

/** One event or command to publish once the transaction that wrote it commits. */
export interface OutgoingMessage<T = unknown> {
  definition: MessageDefinition<T>;
  data: T;
  /** Deterministic ids make re-sending the same logical message a no-op (Nats-Msg-Id and inbox). */
  id?: string;
  correlationid?: string;
  causationid?: string;
  subject?: string;
  /** Overrides the trace parent taken from the active span (the saga's own trace). */
  traceparent?: string;
}

export const OUTBOX_CHANNEL = 'tandem_outbox';

/**
 * Writes messages into the outbox inside the caller's transaction. They are published by the relay after
 * commit, with `Nats-Msg-Id` = the outbox id; if the transaction rolls back, they never existed.
 */
export class Outbox {
  constructor(
    private readonly naming: BusNaming,
    private readonly source: string,
  ) {}

  build<T>(m: OutgoingMessage<T>, now = new Date()): { subject: string; event: CloudEvent<T> } {
    const checked = m.definition.schema.parse(m.data, 'data');
    if (!checked.ok) throw new Error(`refusing to send an invalid ${m.definition.type}: ${checked.reason}`);
    const traceparent = m.traceparent ?? currentTraceparent();
    const event: CloudEvent<T> = {
      specversion: '1.0',
      id: m.id ?? randomUUID(),
      source: this.source,
      type: m.definition.type,
      time: now.toISOString(),
      datacontenttype: 'application/json',
      data: checked.value,
      ...(m.subject ? { subject: m.subject } : {}),
      ...(m.correlationid ? { correlationid: m.correlationid } : {}),
      ...(m.causationid ? { causationid: m.causationid } : {}),
      ...(traceparent ? { traceparent } : {}),
    };
    return { subject: m.definition.subject(this.naming), event };
  }

  async append(manager: EntityManager, messages: OutgoingMessage<unknown>[]): Promise<string[]> {
    if (messages.length === 0) return [];
    const now = new Date();
    const rows = messages.map((m) => this.build(m, now));
    const params: unknown[] = [];
    const values = rows.map(({ subject, event }, i) => {
      params.push(event.id, subject, event.type, JSON.stringify(event));
      return `($${i * 4 + 1}, $${i * 4 + 2}, $${i * 4 + 3}, $${i * 4 + 4}::jsonb)`;
    });
    // ON CONFLICT: a message with a deterministic id that was already written is not written twice.
    await manager.query(
      `INSERT INTO tandem_outbox (id, subject, type, event) VALUES ${values.join(', ')} ON CONFLICT (id) DO NOTHING`,
      params,
    );
    await manager.query(`SELECT pg_notify($1, '')`, [OUTBOX_CHANNEL]);
    return rows.map((r) => r.event.id);
  }
}
