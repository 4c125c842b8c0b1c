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
  /** The cluster domain a scoped command is routed to. */
  scope?: string;
  /** Overrides the trace parent taken from the active span (the saga's own trace). */
  traceparent?: string;
}

/**
 * Writes messages into the outbox inside the caller's transaction. They are published by the relay after
 * commit, with `Nats-Msg-Id` = the outbox id; if the transaction rolls back, they never existed.
 */
export class Outbox {
  private readonly listeners = new Set<() => void>();

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
    return { subject: m.definition.subject(this.naming, m.scope), event };
  }

  /** The outbox rows for these messages, as `rowsSql` inserts them (for writers that batch their own SQL). */
  rows(messages: OutgoingMessage<unknown>[], now = new Date()): OutboxRow[] {
    return messages.map((m) => {
      const { subject, event } = this.build(m, now);
      return { id: event.id, subject, type: event.type, event };
    });
  }

  async append(manager: EntityManager, messages: OutgoingMessage<unknown>[]): Promise<string[]> {
    if (messages.length === 0) return [];
    const rows = this.rows(messages);
    await manager.query(`${OUTBOX_INSERT_SQL('$1')}`, [JSON.stringify(rows)]);
    this.written();
    return rows.map((r) => r.id);
  }

  /**
   * Tells this process's relay that rows were written (they are published once their transaction commits).
   * In-process rather than by NOTIFY: a NOTIFY serialises every commit of the database cluster.
   */
  written(): void {
    for (const l of this.listeners) l();
  }

  onWritten(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }
}

export interface OutboxRow {
  id: string;
  subject: string;
  type: string;
  event: CloudEvent<unknown>;
}

/**
 * Inserts the outbox rows passed as a JSON array in parameter `param`. A row whose id was written before (a
 * deterministic id) is not written twice. A trigger wakes the relay at commit.
 */
export const OUTBOX_INSERT_SQL = (param: string): string =>
  `INSERT INTO tandem_outbox (id, subject, type, event)
   SELECT x.id, x.subject, x.type, x.event FROM jsonb_to_recordset(${param}::jsonb) AS x(id text, subject text, type text, event jsonb)
   ON CONFLICT (id) DO NOTHING`;
