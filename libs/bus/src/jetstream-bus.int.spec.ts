import { randomUUID } from 'node:crypto';
import type { DataSource } from 'typeorm';
import { headers as natsHeaders } from '@nats-io/nats-core';
import {
  busNaming,
  CloudEvent,
  encodeCloudEvent,
  MessageFailed,
  SelfTestStepSucceeded,
} from '@tandem/contracts';
import { createLogger } from '@tandem/observability';
import { handleOnce, MESSAGING_MIGRATIONS, openDatabase, Outbox } from '@tandem/persistence';
import { createTestDatabase, NatsServerHandle, startNatsServer, TestDatabase, uniqueName, waitFor } from '@tandem/testing';
import { BusConnection } from './bus.connection';
import { JetStreamContext } from './jetstream.context';
import { JetStreamServer } from './jetstream.server';
import { OutboxRelay } from './outbox.relay';

const logger = createLogger('bus-test', { level: 'error' });

describe('JetStream bus with outbox and inbox (real NATS, real Postgres)', () => {
  let nats: NatsServerHandle;
  let database: TestDatabase;
  let db: DataSource;
  let bus: BusConnection;
  let server: JetStreamServer;
  let relay: OutboxRelay;
  let outbox: Outbox;
  const naming = busNaming(uniqueName('bus'));
  /** How the handler behaves for a given saga id: fail n times first, or fail for good. */
  const behaviour = new Map<string, { failTimes?: number; fatal?: boolean; unavailableTimes?: number }>();

  const event = (sagaId: string, id = randomUUID()): CloudEvent<unknown> => ({
    specversion: '1.0',
    id,
    source: 'test',
    type: SelfTestStepSucceeded.type,
    time: new Date().toISOString(),
    datacontenttype: 'application/json',
    data: { sagaRef: { sagaId, step: 'report', attempt: 1, action: 'do' } },
  });

  const handledCount = async (sagaId: string): Promise<number> =>
    Number((await db.query(`SELECT count(*)::int AS n FROM sink_effects WHERE saga_id = $1`, [sagaId]))[0].n);

  beforeAll(async () => {
    nats = await startNatsServer();
    database = await createTestDatabase('bus');
    db = await openDatabase({ url: database.url, applicationName: 'bus-test', migrations: MESSAGING_MIGRATIONS });
    // The handler's own effect: no unique key, so a second handling would show as a second row.
    await db.query(`CREATE TABLE sink_effects (id serial PRIMARY KEY, saga_id text NOT NULL, message_id text NOT NULL)`);
    bus = await BusConnection.open({ servers: nats.url, name: 'bus-test', naming, publishTimeoutMs: 1_000 });
    server = new JetStreamServer({
      bus,
      consumer: 'sink',
      source: 'bus-test',
      logger,
      maxAttempts: 3,
      backoffScheduleMs: [100, 200],
    });
    server.addHandler(
      SelfTestStepSucceeded.type,
      async (data: { sagaRef: { sagaId: string } }, ctx: JetStreamContext) => {
        const b = behaviour.get(data.sagaRef.sagaId);
        if (b?.fatal) throw Object.assign(new Error('cannot handle this one'), { retryable: false });
        if (b?.failTimes && ctx.deliveries <= b.failTimes) throw new Error(`transient failure ${ctx.deliveries}`);
        if (b?.unavailableTimes && ctx.deliveries <= b.unavailableTimes) {
          throw Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:5432'), { code: 'ECONNREFUSED' });
        }
        await handleOnce(db, 'sink', ctx.event, (m) =>
          m.query(`INSERT INTO sink_effects (saga_id, message_id) VALUES ($1, $2)`, [data.sagaRef.sagaId, ctx.event.id]),
        );
      },
      true,
    );
    await server.start();
    outbox = new Outbox(naming, 'bus-test');
    relay = new OutboxRelay({ db, bus, outbox, logger, sweepIntervalMs: 200 });
    await relay.start();
  });

  afterAll(async () => {
    await relay?.stop();
    await server?.close();
    await bus?.drain();
    await db?.destroy();
    await database?.drop();
    await nats?.stop();
  });

  it('delivers what a transaction committed, exactly once', async () => {
    const ids = Array.from({ length: 50 }, () => uniqueName('saga'));
    await db.transaction((m) =>
      outbox.append(m, ids.map((sagaId) => ({ definition: SelfTestStepSucceeded, data: { sagaRef: { sagaId, step: 'report', attempt: 1, action: 'do' } } }))),
    );
    await waitFor(async () => (await db.query(`SELECT count(*)::int AS n FROM sink_effects WHERE saga_id = ANY($1)`, [ids]))[0].n === 50, {
      timeoutMs: 20_000,
      what: '50 events handled',
    });
    for (const id of ids) expect(await handledCount(id)).toBe(1);
    const unsent = await db.query(`SELECT count(*)::int AS n FROM tandem_outbox WHERE sent_at IS NULL`);
    expect(unsent[0].n).toBe(0);
  });

  it('publishes nothing from a transaction that rolled back', async () => {
    const sagaId = uniqueName('rolled');
    await expect(
      db.transaction(async (m) => {
        await outbox.append(m, [{ definition: SelfTestStepSucceeded, data: { sagaRef: { sagaId, step: 'report', attempt: 1, action: 'do' } } }]);
        throw new Error('abort');
      }),
    ).rejects.toThrow('abort');
    const marker = uniqueName('after');
    await db.transaction((m) =>
      outbox.append(m, [{ definition: SelfTestStepSucceeded, data: { sagaRef: { sagaId: marker, step: 'report', attempt: 1, action: 'do' } } }]),
    );
    await waitFor(async () => (await handledCount(marker)) === 1, { timeoutMs: 10_000, what: 'marker handled' });
    expect(await handledCount(sagaId)).toBe(0);
  });

  it('handles the same message delivered twice (same id) once', async () => {
    const sagaId = uniqueName('dup');
    const e = event(sagaId);
    const subject = SelfTestStepSucceeded.subject(naming);
    // Two stream messages (different Nats-Msg-Id, so JetStream keeps both) carrying the same CloudEvent id.
    await bus.publish(subject, encodeCloudEvent(e), { msgID: `${e.id}-a` });
    await bus.publish(subject, encodeCloudEvent(e), { msgID: `${e.id}-b` });
    const marker = uniqueName('marker');
    await bus.publish(subject, encodeCloudEvent(event(marker)));
    await waitFor(async () => (await handledCount(marker)) === 1, { timeoutMs: 10_000, what: 'marker handled' });
    await waitFor(async () => (await bus.jsm.consumers.info(naming.streams.events, 'sink')).num_ack_pending === 0, {
      timeoutMs: 10_000,
      what: 'all acked',
    });
    expect(await handledCount(sagaId)).toBe(1);
    const inbox = await db.query(`SELECT count(*)::int AS n FROM tandem_inbox WHERE message_id = $1`, [e.id]);
    expect(inbox[0].n).toBe(1);
  });

  it('retries a transient failure with backoff and handles it once', async () => {
    const sagaId = uniqueName('flaky');
    behaviour.set(sagaId, { failTimes: 2 });
    await bus.publish(SelfTestStepSucceeded.subject(naming), encodeCloudEvent(event(sagaId)));
    await waitFor(async () => (await handledCount(sagaId)) === 1, { timeoutMs: 10_000, what: 'flaky event handled on the third delivery' });
    expect(await handledCount(sagaId)).toBe(1);
  });

  it('never dead-letters a message because a dependency was down, however long it lasts', async () => {
    const sagaId = uniqueName('outage');
    behaviour.set(sagaId, { unavailableTimes: 6 }); // twice the attempts after which a failing message is given up
    await bus.publish(SelfTestStepSucceeded.subject(naming), encodeCloudEvent(event(sagaId)));
    await waitFor(async () => (await handledCount(sagaId)) === 1, { timeoutMs: 30_000, what: 'the event handled once the database is back' });
    expect((await failedEvents()).find((f) => f.sagaRef?.sagaId === sagaId)).toBeUndefined();
  });

  const deadLetters = async (): Promise<{ reason: string; data: string; consumer: string }[]> => {
    const out: { reason: string; data: string; consumer: string }[] = [];
    const info = await bus.jsm.streams.info(naming.streams.deadLetters);
    for (let seq = info.state.first_seq; seq <= info.state.last_seq && info.state.messages > 0; seq++) {
      const m = await bus.jsm.streams.getMessage(naming.streams.deadLetters, { seq }).catch(() => undefined);
      if (m) out.push({ reason: m.header.get('Tandem-Reason'), consumer: m.header.get('Tandem-Consumer'), data: m.string() });
    }
    return out;
  };

  const failedEvents = async (): Promise<{ reason: string; messageType?: string; sagaRef?: { sagaId: string } }[]> => {
    const consumer = await bus.js.consumers.get(naming.streams.events, {
      filter_subjects: [MessageFailed.subject(naming)],
    });
    const out: { reason: string; messageType?: string; sagaRef?: { sagaId: string } }[] = [];
    const batch = await consumer.fetch({ max_messages: 100, expires: 1_000 });
    for await (const m of batch) {
      out.push((m.json() as CloudEvent<{ reason: string }>).data);
      if (m.info.pending === 0) break;
    }
    return out;
  };

  it('dead-letters malformed messages with their reason and keeps consuming', async () => {
    const subject = SelfTestStepSucceeded.subject(naming);
    const h = natsHeaders();
    await bus.js.publish(subject, new TextEncoder().encode('{not json'), { headers: h });
    const missing = event('x') as unknown as Record<string, unknown>;
    delete missing.source;
    await bus.js.publish(subject, new TextEncoder().encode(JSON.stringify(missing)));
    await bus.js.publish(subject, encodeCloudEvent({ ...event('y'), type: 'tandem.agent.selftest-step-succeeded.v9' }));
    await bus.js.publish(subject, encodeCloudEvent({ ...event('z'), data: { sagaRef: { sagaId: 'z' } } }));
    const marker = uniqueName('alive');
    await bus.publish(subject, encodeCloudEvent(event(marker)));

    await waitFor(async () => (await handledCount(marker)) === 1, { timeoutMs: 10_000, what: 'the consumer to keep consuming' });
    const dead = await waitFor(async () => {
      const d = await deadLetters();
      return d.length >= 4 ? d : undefined;
    }, { timeoutMs: 10_000, what: 'four dead letters' });
    const reasons = dead.map((d) => d.reason);
    expect(reasons).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^message is not JSON/),
        expect.stringMatching(/source: expected a string/),
        expect.stringMatching(/unknown version of tandem\.agent\.selftest-step-succeeded: got .*\.v9, this build understands .*\.v1/),
        expect.stringMatching(/invalid tandem\.agent\.selftest-step-succeeded\.v1: data\.sagaRef\.step: expected a string/),
      ]),
    );
    expect(dead.find((d) => d.reason.startsWith('message is not JSON'))!.data).toBe('{not json');
    expect(dead.every((d) => d.consumer === 'sink')).toBe(true);
  });

  it('dead-letters a message that fails for good and announces it with message-failed', async () => {
    const sagaId = uniqueName('fatal');
    behaviour.set(sagaId, { fatal: true });
    await bus.publish(SelfTestStepSucceeded.subject(naming), encodeCloudEvent(event(sagaId)));
    const failed = await waitFor(async () => (await failedEvents()).find((f) => f.sagaRef?.sagaId === sagaId), {
      timeoutMs: 10_000,
      what: 'a message-failed event',
    });
    expect(failed.reason).toBe('failed after 1 attempt(s): cannot handle this one');
    expect(failed.messageType).toBe(SelfTestStepSucceeded.type);
    expect(await handledCount(sagaId)).toBe(0);
  });

  it('keeps committing while NATS is down and delivers everything once it is back', async () => {
    await nats.stop();
    const ids = Array.from({ length: 100 }, () => uniqueName('outage'));
    for (const sagaId of ids) {
      await db.transaction((m) =>
        outbox.append(m, [{ definition: SelfTestStepSucceeded, data: { sagaRef: { sagaId, step: 'report', attempt: 1, action: 'do' } } }]),
      );
    }
    // Committed while the broker is gone: the rows wait in the outbox.
    await new Promise((r) => setTimeout(r, 1_500));
    const waiting = await db.query(`SELECT count(*)::int AS n FROM tandem_outbox WHERE sent_at IS NULL`);
    expect(waiting[0].n).toBe(100);
    expect(bus.connected).toBe(false);

    await nats.restart();
    await waitFor(async () => (await db.query(`SELECT count(DISTINCT saga_id)::int AS n FROM sink_effects WHERE saga_id = ANY($1)`, [ids]))[0].n === 100, {
      timeoutMs: 60_000,
      what: 'all 100 events handled after the restart',
    });
    const counts: { saga_id: string; n: number }[] = await db.query(
      `SELECT saga_id, count(*)::int AS n FROM sink_effects WHERE saga_id = ANY($1) GROUP BY saga_id`,
      [ids],
    );
    expect(counts).toHaveLength(100);
    expect(counts.every((c) => c.n === 1)).toBe(true);
  });
});
