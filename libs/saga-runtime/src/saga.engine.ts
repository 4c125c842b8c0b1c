import type { DataSource, EntityManager } from 'typeorm';
import {
  fail,
  ok,
  Result,
  SagaCompensated,
  SagaCompleted,
  SagaFailed,
  SagaStarted,
  MessageDefinition,
} from '@tandem/contracts';
import { counter, currentTraceparent, extractTraceContext, JsonLogger, withSpan } from '@tandem/observability';
import { Outbox, OUTBOX_INSERT_SQL, OutgoingMessage } from '@tandem/persistence';
import { isTerminal, SagaLogEvent, SagaPhase, SagaRegistry, SagaTrigger, TimerChange } from '@tandem/sagas';

export interface SagaEngineOptions {
  db: DataSource;
  outbox: Outbox;
  registry: SagaRegistry;
  logger: JsonLogger;
  /** The clock sagas are given; tests may pass a fake one. */
  now?: () => Date;
}

interface SagaRow {
  name: string;
  state: unknown;
  revision: number;
  traceparent: string | null;
}

const transitions = () => counter('tandem_saga_transitions_total', 'Facts appended to saga step logs', ['saga', 'type']);

const LIFECYCLE: Partial<Record<SagaLogEvent['type'], MessageDefinition<unknown>>> = {
  SagaStarted: SagaStarted as MessageDefinition<unknown>,
  SagaCompleted: SagaCompleted as MessageDefinition<unknown>,
  SagaCompensated: SagaCompensated as MessageDefinition<unknown>,
  SagaFailed: SagaFailed as MessageDefinition<unknown>,
};

/**
 * Runs saga definitions against Postgres. Each trigger is applied in one transaction that locks the saga's
 * row, asks the pure definition what follows, appends the facts to the step log, writes the commands and
 * lifecycle events to the outbox and sets or clears the saga's timers. A crash before commit leaves nothing;
 * after it, the outbox and the timers carry on. Nothing is kept in memory between triggers.
 */
export class SagaEngine {
  private readonly now: () => Date;

  constructor(private readonly opts: SagaEngineOptions) {
    this.now = opts.now ?? (() => new Date());
  }

  private lifecycleEvent(
    definition: MessageDefinition<unknown>,
    sagaId: string,
    saga: string,
    e: SagaLogEvent,
    phase: SagaPhase,
    result: unknown,
  ): OutgoingMessage {
    const reason = 'reason' in e ? e.reason : undefined;
    return {
      definition,
      id: `${sagaId}/${e.type}`,
      correlationid: sagaId,
      subject: sagaId,
      data: { sagaId, saga, phase, ...(reason ? { reason } : {}), ...(result === undefined ? {} : { result }) },
    };
  }

  /** Starts a saga; the same id started twice is one saga (`created: false` the second time). */
  async start(
    request: { sagaId: string; saga: string; input: unknown },
    manager?: EntityManager,
  ): Promise<Result<{ created: boolean }>> {
    const def = this.opts.registry.get(request.saga);
    if (!def) return fail(`unknown saga "${request.saga}"; this coordinator runs ${this.opts.registry.names().join(', ')}`);
    const input = def.input.parse(request.input, 'input');
    if (!input.ok) return fail(input.reason);
    const run = async (m: EntityManager): Promise<Result<{ created: boolean }>> =>
      withSpan(`saga ${def.name}`, { 'tandem.saga.id': request.sagaId, 'tandem.saga.name': def.name }, async () => {
        const inserted: unknown[] = await m.query(
          `INSERT INTO tandem_saga (id, name, phase, state, traceparent) VALUES ($1, $2, 'Running', $3::jsonb, $4)
           ON CONFLICT (id) DO NOTHING RETURNING id`,
          [request.sagaId, def.name, JSON.stringify(def.initialState()), currentTraceparent() ?? null],
        );
        if (inserted.length === 0) {
          const [existing] = (await m.query(`SELECT name FROM tandem_saga WHERE id = $1`, [request.sagaId])) as { name: string }[];
          return existing?.name === def.name
            ? ok({ created: false })
            : fail(`saga id ${request.sagaId} is already used by a ${existing?.name ?? 'different'} saga`);
        }
        await this.apply(m, request.sagaId, { kind: 'start', input: input.value });
        return ok({ created: true });
      });
    return manager ? run(manager) : this.opts.db.transaction(run);
  }

  /**
   * Applies one trigger to one saga inside the caller's transaction. Returns the saga's phase afterwards, or
   * undefined if there is no such saga. A stale trigger (an old attempt's answer, a timer already superseded)
   * decides nothing and changes nothing.
   */
  async apply(m: EntityManager, sagaId: string, trigger: SagaTrigger): Promise<SagaPhase | undefined> {
    const rows: SagaRow[] = await m.query(
      `SELECT name, state, revision, traceparent FROM tandem_saga WHERE id = $1 FOR UPDATE`,
      [sagaId],
    );
    const row = rows[0];
    if (!row) {
      this.opts.logger.warn('trigger for an unknown saga ignored', { sagaId, trigger: trigger.kind });
      return undefined;
    }
    const def = this.opts.registry.get(row.name);
    if (!def) throw Object.assign(new Error(`saga ${sagaId} is a ${row.name}, which this coordinator does not run`), { retryable: false });
    const now = this.now();
    let state = row.state;
    const events = def.decide(state, trigger, now, sagaId);
    if (events.length === 0) return def.phase(state);

    const parent = row.traceparent ? extractTraceContext({ traceparent: row.traceparent }) : undefined;
    return withSpan(
      `saga ${row.name} ${events.map((e) => e.type).join(',')}`,
      { 'tandem.saga.id': sagaId, 'tandem.saga.trigger': trigger.kind },
      async () => {
        const outgoing: OutgoingMessage[] = [];
        // The last change to each timer key wins (a clear followed by a set leaves the set).
        const timers = new Map<string, TimerChange>();
        for (const e of events) {
          state = def.evolve(state, e);
          const fx = def.effects(state, e, sagaId);
          for (const c of fx.commands) {
            outgoing.push({ definition: c.message, data: c.data, id: c.id, correlationid: sagaId, subject: sagaId, ...(c.scope ? { scope: c.scope } : {}) });
          }
          const lifecycle = LIFECYCLE[e.type];
          if (lifecycle) outgoing.push(this.lifecycleEvent(lifecycle, sagaId, row.name, e, def.phase(state), isTerminal(def.phase(state)) ? def.result(state) : undefined));
          for (const t of fx.timers) timers.set(t.key, t);
          transitions().inc({ saga: row.name, type: e.type });
        }
        const phase = def.phase(state);
        const set = [...timers.values()].flatMap((t) => (t.op === 'set' ? [{ key: t.key, due_at: t.dueAt, trigger: t.trigger }] : []));
        const cleared = [...timers.values()].flatMap((t) => (t.op === 'clear' ? [t.key] : []));
        const log = events.map((e, i) => ({ seq: row.revision + i + 1, type: e.type, event: e, at: e.at }));
        // One statement: the step log, the outbox, the timers and the saga's state move together.
        await m.query(
          `WITH log AS (
             INSERT INTO tandem_saga_log (saga_id, seq, type, event, at)
             SELECT $1, x.seq, x.type, x.event, x.at FROM jsonb_to_recordset($2::jsonb) AS x(seq int, type text, event jsonb, at timestamptz)
           ), outbox AS (${OUTBOX_INSERT_SQL('$3')}
           ), timers_set AS (
             INSERT INTO tandem_saga_timer (saga_id, key, due_at, trigger)
             SELECT $1, x.key, x.due_at, x.trigger FROM jsonb_to_recordset($4::jsonb) AS x(key text, due_at timestamptz, trigger jsonb)
             ON CONFLICT (saga_id, key) DO UPDATE SET due_at = EXCLUDED.due_at, trigger = EXCLUDED.trigger
           ), timers_cleared AS (
             DELETE FROM tandem_saga_timer WHERE saga_id = $1 AND key = ANY($5::text[])
           )
           UPDATE tandem_saga SET state = $6::jsonb, phase = $7, revision = revision + $8, updated_at = clock_timestamp(),
             ended_at = CASE WHEN $9 THEN clock_timestamp() ELSE NULL END
           WHERE id = $1`,
          [
            sagaId,
            JSON.stringify(log),
            JSON.stringify(this.opts.outbox.rows(outgoing)),
            JSON.stringify(set),
            cleared,
            JSON.stringify(state),
            phase,
            events.length,
            isTerminal(phase),
          ],
        );
        if (outgoing.length > 0) this.opts.outbox.written();
        if (this.opts.logger.isLevelEnabled('info')) {
          this.opts.logger.info('saga moved', { sagaId, saga: row.name, phase, facts: events.map((e) => e.type) });
        }
        return phase;
      },
      parent ? { parent } : {},
    );
  }
}
