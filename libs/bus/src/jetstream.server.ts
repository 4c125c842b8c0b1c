import { CustomTransportStrategy, Server } from '@nestjs/microservices';
import { AckPolicy, ConsumerMessages, DeliverPolicy, JsMsg } from '@nats-io/jetstream';
import { nanos } from '@nats-io/nats-core';
import { isObservable, lastValueFrom } from 'rxjs';
import { SpanKind } from '@opentelemetry/api';
import {
  CATALOG,
  CloudEvent,
  decodeCloudEvent,
  encodeCloudEvent,
  MessageCatalog,
  MessageFailed,
  sagaRefSchema,
} from '@tandem/contracts';
import { counter, extractTraceContext, histogram, injectTraceContext, JsonLogger, withSpan } from '@tandem/observability';
import { BusConnection } from './bus.connection';
import { backoffMs, describeError, isRetryable, isUnavailable } from './handling-error';
import { JetStreamContext } from './jetstream.context';
import { Semaphore } from './semaphore';

export interface JetStreamServerOptions {
  bus: BusConnection;
  /** Durable consumer name: the service. Replicas of a service share it and so share the work. */
  consumer: string;
  /** The service's name as a CloudEvents source, for the events this transport emits itself. */
  source: string;
  logger: JsonLogger;
  catalog?: MessageCatalog;
  /** Attempts before a failing message is dead-lettered. */
  maxAttempts?: number;
  backoffScheduleMs?: readonly number[];
  ackWaitMs?: number;
  /** Handlers running at once (database transactions in flight). */
  concurrency?: number;
  /** The cluster domain this instance serves: it receives the scoped commands of that domain only. */
  scope?: string;
}

const messagesTotal = () =>
  counter('tandem_bus_messages_total', 'Messages taken from JetStream, by outcome', ['consumer', 'type', 'outcome']);
const handleSeconds = () =>
  histogram('tandem_bus_handle_seconds', 'Time a handler took, commit included', ['consumer', 'type'], [0.001, 0.005, 0.02, 0.1, 0.5, 2, 10]);

/**
 * Tandem's JetStream transport for Nest: durable pull consumers (one per service, on the commands and on the
 * events stream), explicit ack only after the handler's transaction committed, `nak(backoff)` for retryable
 * errors, and after the last attempt — or at once for malformed or non-retryable messages — a copy on the
 * dead-letter stream, a `message-failed` event, and `term()`. Close drains: no new messages, in-flight
 * handlers finish and are acked.
 *
 * Handlers are registered by CloudEvents type: `@EventPattern(RunSelfTestStep.type)`. A handler of an event that
 * asks for it (`@OnMessage(Def, { fromLinkedSites: true })`) also consumes the subject the event has when imported
 * from a linked site (`<prefix>.xevt.…`).
 */
export class JetStreamServer extends Server implements CustomTransportStrategy {
  private readonly catalog: MessageCatalog;
  private readonly maxAttempts: number;
  private readonly schedule: readonly number[];
  private readonly concurrency: number;
  private readonly semaphore: Semaphore;
  private readonly iterators: ConsumerMessages[] = [];
  private loops: Promise<void>[] = [];
  private closing = false;

  constructor(private readonly opts: JetStreamServerOptions) {
    super();
    this.catalog = opts.catalog ?? CATALOG;
    this.maxAttempts = opts.maxAttempts ?? 5;
    this.schedule = opts.backoffScheduleMs ?? [500, 2_000, 5_000, 15_000, 30_000];
    this.concurrency = opts.concurrency ?? 16;
    this.semaphore = new Semaphore(this.concurrency);
  }

  /** Types this server has handlers for. */
  handledTypes(): string[] {
    return [...this.messageHandlers.keys()];
  }

  async listen(callback: (err?: unknown) => void): Promise<void> {
    try {
      await this.start();
      callback();
    } catch (err) {
      callback(err);
    }
  }

  async start(): Promise<void> {
    const { bus } = this.opts;
    const byStream = new Map<string, string[]>();
    for (const type of this.handledTypes()) {
      const def = this.catalog.get(type);
      if (!def) throw new Error(`handler registered for ${type}, which is not in the message catalog`);
      const stream = def.kind === 'command' ? bus.naming.streams.commands : bus.naming.streams.events;
      if (def.scoped && !this.opts.scope) throw new Error(`${type} is routed by cluster domain: give the transport its scope`);
      const subject = def.subject(bus.naming, def.scoped ? this.opts.scope : undefined);
      // An event of a linked site is handled only by the handlers that ask for it (`@OnMessage(Def, { fromLinkedSites })`).
      const fromLinkedSites = (this.messageHandlers.get(type)?.extras as { fromLinkedSites?: boolean } | undefined)?.fromLinkedSites === true;
      const subjects = def.kind === 'event' && fromLinkedSites ? [subject, bus.naming.importedEventSubject(subject)] : [subject];
      byStream.set(stream, [...(byStream.get(stream) ?? []), ...subjects]);
    }
    for (const [stream, subjects] of byStream) {
      await this.ensureConsumer(stream, subjects);
      const consumer = await bus.js.consumers.get(stream, this.opts.consumer);
      const messages = await consumer.consume({ max_messages: Math.max(32, this.concurrency * 2) });
      this.iterators.push(messages);
      this.loops.push(this.pump(messages));
    }
    this.opts.logger.info('consuming', { consumer: this.opts.consumer, streams: [...byStream.keys()] });
  }

  private async ensureConsumer(stream: string, subjects: string[]): Promise<void> {
    const { jsm } = this.opts.bus;
    const config = {
      durable_name: this.opts.consumer,
      ack_policy: AckPolicy.Explicit,
      deliver_policy: DeliverPolicy.All,
      ack_wait: nanos(this.opts.ackWaitMs ?? 30_000),
      // Unlimited: giving up is ours (after maxAttempts of the handler failing), never the server's, so a
      // message is not silently parked while a dependency is down.
      max_deliver: -1,
      max_ack_pending: 10_000,
      filter_subjects: [...new Set(subjects)].sort(),
    };
    try {
      await jsm.consumers.info(stream, this.opts.consumer);
      await jsm.consumers.update(stream, this.opts.consumer, config);
    } catch (err) {
      if (!/consumer not found/i.test((err as Error).message)) throw err;
      await jsm.consumers.add(stream, config);
    }
  }

  private async pump(messages: ConsumerMessages): Promise<void> {
    for await (const msg of messages) {
      await this.semaphore.acquire();
      void this.process(msg).finally(() => this.semaphore.release());
    }
  }

  private async process(msg: JsMsg): Promise<void> {
    const consumer = this.opts.consumer;
    const envelope = decodeCloudEvent(msg.data);
    if (!envelope.ok) return this.deadLetter(msg, envelope.reason, undefined);
    const event = envelope.value;
    const valid = this.catalog.validate(event);
    if (!valid.ok) return this.deadLetter(msg, valid.reason, event);
    const handler = this.getHandlerByPattern(event.type);
    if (!handler) return this.deadLetter(msg, `no handler for ${event.type} in ${consumer}`, event);

    const carrier: Record<string, string> = {};
    for (const key of ['traceparent', 'tracestate']) {
      const v = msg.headers?.get(key);
      if (v) carrier[key] = v;
    }
    if (!carrier.traceparent && event.traceparent) carrier.traceparent = event.traceparent;
    const stop = handleSeconds().startTimer({ consumer, type: event.type });
    try {
      await withSpan(
        `handle ${event.type}`,
        { 'messaging.system': 'nats', 'messaging.destination.name': msg.subject, 'messaging.message.id': event.id, 'tandem.consumer': consumer },
        async () => {
          const ctx = new JetStreamContext([msg, { ...event, data: valid.value.data }, consumer]);
          const result = await handler(valid.value.data, ctx);
          if (isObservable(result)) await lastValueFrom(result, { defaultValue: undefined });
        },
        { parent: extractTraceContext(carrier), kind: SpanKind.CONSUMER },
      );
      msg.ack();
      messagesTotal().inc({ consumer, type: event.type, outcome: 'handled' });
    } catch (err) {
      const deliveries = msg.info.deliveryCount;
      const reason = describeError(err);
      if (isUnavailable(err) || this.closing) {
        // An outage (or our own shutdown) is no fault of the message: try again later, without limit.
        const delay = this.closing ? 0 : backoffMs(Math.min(deliveries, this.schedule.length), this.schedule);
        if (!this.closing) this.opts.logger.warn('a dependency is unavailable, will retry', { consumer, type: event.type, id: event.id, deliveries, delayMs: delay, reason });
        msg.nak(delay);
        messagesTotal().inc({ consumer, type: event.type, outcome: 'retried' });
      } else if (isRetryable(err) && deliveries < this.maxAttempts) {
        const delay = backoffMs(deliveries, this.schedule);
        this.opts.logger.warn('handler failed, will retry', { consumer, type: event.type, id: event.id, deliveries, delayMs: delay, reason });
        msg.nak(delay);
        messagesTotal().inc({ consumer, type: event.type, outcome: 'retried' });
      } else {
        await this.deadLetter(msg, `failed after ${deliveries} attempt(s): ${reason}`, event);
      }
    } finally {
      stop();
    }
  }

  /**
   * Copies the message to the dead-letter stream with the reason, emits `message-failed`, then terms it. If
   * NATS cannot take the copy right now the message is nak'ed instead, so it is never dropped.
   */
  private async deadLetter(msg: JsMsg, reason: string, event: CloudEvent<unknown> | undefined): Promise<void> {
    const { bus, consumer, source } = this.opts;
    const key = `${msg.info.stream}/${msg.info.streamSequence}`;
    try {
      await bus.publish(bus.naming.deadLetterSubject(consumer), msg.data, {
        msgID: `dlq/${consumer}/${key}`,
        headers: {
          'Tandem-Reason': reason.slice(0, 1000),
          'Tandem-Consumer': consumer,
          'Tandem-Subject': msg.subject,
          'Tandem-Stream-Sequence': String(msg.info.streamSequence),
          'Tandem-Deliveries': String(msg.info.deliveryCount),
        },
      });
      const ref = sagaRefSchema.parse((event?.data as { sagaRef?: unknown } | undefined)?.sagaRef);
      const failed: CloudEvent<unknown> = {
        specversion: '1.0',
        id: `failed/${consumer}/${key}`.replace(/[^A-Za-z0-9._:\-/]/g, '_'),
        source,
        type: MessageFailed.type,
        time: new Date().toISOString(),
        datacontenttype: 'application/json',
        ...(event?.correlationid ? { correlationid: event.correlationid } : {}),
        ...(event?.traceparent ? { traceparent: event.traceparent } : {}),
        data: {
          consumer,
          subject: msg.subject,
          reason: reason.slice(0, 4000),
          deliveries: msg.info.deliveryCount,
          streamSequence: msg.info.streamSequence,
          ...(event ? { messageId: event.id, messageType: event.type } : {}),
          ...(event?.correlationid ? { correlationid: event.correlationid } : {}),
          ...(ref.ok ? { sagaRef: ref.value } : {}),
        },
      };
      const headers: Record<string, string> = {};
      injectTraceContext(headers);
      await bus.publish(MessageFailed.subject(bus.naming), encodeCloudEvent(failed), { msgID: failed.id, headers });
      msg.term(reason.slice(0, 200));
      messagesTotal().inc({ consumer, type: event?.type ?? 'malformed', outcome: 'dead_lettered' });
      this.opts.logger.warn('message dead-lettered', { consumer, subject: msg.subject, id: event?.id, reason });
    } catch (err) {
      this.opts.logger.error('could not dead-letter a message, will retry it', { consumer, reason: describeError(err) });
      msg.nak(backoffMs(1, this.schedule));
    }
  }

  /** Stops taking messages, lets the running handlers finish (and ack), then returns. */
  async close(): Promise<void> {
    this.closing = true;
    for (const it of this.iterators) it.stop();
    await Promise.allSettled(this.loops);
    await this.semaphore.idle();
    this.loops = [];
  }

  on(): void {
    throw new Error('JetStreamServer does not emit status events; use the bus connection');
  }

  unwrap<T>(): T {
    return this.opts.bus.nc as T;
  }
}
