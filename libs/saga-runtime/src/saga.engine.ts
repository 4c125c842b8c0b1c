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
import { Outbox, OutgoingMessage } from '@tandem/persistence';
import { isTerminal, SagaLogEvent, SagaPhase, SagaRegistry, SagaTrigger } from '@tandem/sagas';

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
    const events = def.decide(state, trigger, now);
    if (events.length === 0) return def.phase(state);

    const parent = row.traceparent ? extractTraceContext({ traceparent: row.traceparent }) : undefined;
    return withSpan(
      `saga ${row.name} ${events.map((e) => e.type).join(',')}`,
      { 'tandem.saga.id': sagaId, 'tandem.saga.trigger': trigger.kind },
      async () => {
        const outgoing: OutgoingMessage[] = [];
        for (const e of events) {
          state = def.evolve(state, e);
          const fx = def.effects(state, e, sagaId);
          for (const c of fx.commands) {
            outgoing.push({ definition: c.message, data: c.data, id: c.id, correlationid: sagaId, subject: sagaId });
          }
          const lifecycle = LIFECYCLE[e.type];
          if (lifecycle) {
            const reason = 'reason' in e ? e.reason : undefined;
            outgoing.push({
              definition: lifecycle,
              id: `${sagaId}/${e.type}`,
              correlationid: sagaId,
              subject: sagaId,
              data: {
                sagaId,
                saga: row.name,
                phase: def.phase(state),
                ...(reason ? { reason } : {}),
                ...(isTerminal(def.phase(state)) ? { result: def.result(state) } : {}),
              },
            });
          }
          // Timer changes apply in order: a clear followed by a set leaves the set.
          for (const t of fx.timers) {
            if (t.op === 'set') {
              await m.query(
                `INSERT INTO tandem_saga_timer (saga_id, key, due_at, trigger) VALUES ($1, $2, $3, $4::jsonb)
                 ON CONFLICT (saga_id, key) DO UPDATE SET due_at = EXCLUDED.due_at, trigger = EXCLUDED.trigger`,
                [sagaId, t.key, t.dueAt, JSON.stringify(t.trigger)],
              );
            } else {
              await m.query(`DELETE FROM tandem_saga_timer WHERE saga_id = $1 AND key = $2`, [sagaId, t.key]);
            }
          }
          transitions().inc({ saga: row.name, type: e.type });
        }
        const params: unknown[] = [];
        const values = events.map((e, i) => {
          params.push(sagaId, row.revision + i + 1, e.type, JSON.stringify(e), e.at);
          const b = i * 5;
          return `($${b + 1}, $${b + 2}, $${b + 3}, $${b + 4}::jsonb, $${b + 5})`;
        });
        await m.query(`INSERT INTO tandem_saga_log (saga_id, seq, type, event, at) VALUES ${values.join(', ')}`, params);
        await this.opts.outbox.append(m, outgoing);
        const phase = def.phase(state);
        await m.query(
          `UPDATE tandem_saga SET state = $2::jsonb, phase = $3, revision = revision + $4, updated_at = clock_timestamp(),
             ended_at = CASE WHEN $5 THEN clock_timestamp() ELSE NULL END
           WHERE id = $1`,
          [sagaId, JSON.stringify(state), phase, events.length, isTerminal(phase)],
        );
        const last = events[events.length - 1]!;
        this.opts.logger.info('saga moved', { sagaId, saga: row.name, phase, facts: events.map((e) => e.type), last: last.type });
        return phase;
      },
      parent ? { parent } : {},
    );
  }
}
