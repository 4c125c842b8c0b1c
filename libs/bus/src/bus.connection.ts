import { connect } from '@nats-io/transport-node';
import { headers as natsHeaders, nanos, NatsConnection } from '@nats-io/nats-core';
import {
  DiscardPolicy,
  jetstream,
  JetStreamClient,
  jetstreamManager,
  JetStreamManager,
  RetentionPolicy,
  StorageType,
} from '@nats-io/jetstream';
import { BusNaming, BusPeer } from '@tandem/contracts';
import { peerSources } from './site-link';

export interface BusConnectionOptions {
  servers: string | string[];
  /** Client name, shown by the server (`tandem-<service>`). */
  name: string;
  naming: BusNaming;
  /** Stream replicas: 1 on one server, 3 on a JetStream cluster. */
  replicas?: number;
  /** How long a publish waits for the JetStream ack before it counts as failed. */
  publishTimeoutMs?: number;
  /** This site's JetStream domain (its cluster domain). Required with `peers`. */
  domain?: string;
  /**
   * Linked sites: the local streams source from each peer's streams across the leaf-node link (the peer's
   * commands scoped to `domain`, and its own events as `<prefix>.xevt.…`). Buffered while the link is down.
   */
  peers?: readonly BusPeer[];
}

export interface PublishOptions {
  msgID?: string;
  headers?: Record<string, string>;
}

const DAY_MS = 24 * 3600 * 1000;

/**
 * One NATS connection with JetStream: keeps reconnecting for as long as the process lives, and makes sure
 * Tandem's streams exist with the settings the design relies on (file storage, de-duplication window).
 */
export class BusConnection {
  private linkUp = true;

  private constructor(
    readonly nc: NatsConnection,
    readonly js: JetStreamClient,
    readonly jsm: JetStreamManager,
    readonly naming: BusNaming,
    private readonly publishTimeoutMs: number,
  ) {}

  static async open(opts: BusConnectionOptions): Promise<BusConnection> {
    const nc = await connect({
      servers: opts.servers,
      name: opts.name,
      maxReconnectAttempts: -1,
      reconnectTimeWait: 250,
      pingInterval: 10_000,
    });
    try {
      const jsm = await jetstreamManager(nc);
      const bus = new BusConnection(nc, jetstream(nc), jsm, opts.naming, opts.publishTimeoutMs ?? 5_000);
      await bus.ensureStreams(opts.replicas ?? 1, opts.domain, opts.peers ?? []);
      void bus.watchStatus();
      return bus;
    } catch (err) {
      await nc.close();
      throw err;
    }
  }

  /** False while the link to the NATS server is down (the client keeps reconnecting). */
  get connected(): boolean {
    return !this.nc.isClosed() && this.linkUp;
  }

  private async watchStatus(): Promise<void> {
    for await (const s of this.nc.status()) {
      if (s.type === 'disconnect') this.linkUp = false;
      if (s.type === 'reconnect') this.linkUp = true;
    }
  }

  private async ensureStreams(replicas: number, domain: string | undefined, peers: readonly BusPeer[]): Promise<void> {
    const { streams } = this.naming;
    const sources = peerSources(this.naming, domain, peers);
    const common = {
      retention: RetentionPolicy.Limits,
      storage: StorageType.File,
      discard: DiscardPolicy.Old,
      num_replicas: replicas,
      duplicate_window: nanos(10 * 60 * 1000),
    };
    await this.ensureStream(streams.commands, {
      ...common,
      subjects: [this.naming.allCommands()],
      max_age: nanos(7 * DAY_MS),
      sources: sources.commands,
    });
    await this.ensureStream(streams.events, {
      ...common,
      subjects: [this.naming.allEvents(), this.naming.allImportedEvents()],
      max_age: nanos(7 * DAY_MS),
      sources: sources.events,
    });
    await this.ensureStream(streams.deadLetters, { ...common, subjects: [this.naming.allDeadLetters()], max_age: nanos(30 * DAY_MS) });
  }

  private async ensureStream(name: string, config: Record<string, unknown>): Promise<void> {
    try {
      await this.jsm.streams.info(name);
      await this.jsm.streams.update(name, config);
    } catch (err) {
      if (!/stream not found/i.test((err as Error).message)) throw err;
      await this.jsm.streams.add({ name, ...config });
    }
  }

  async publish(subject: string, data: Uint8Array, opts: PublishOptions = {}): Promise<{ seq: number; duplicate: boolean }> {
    const h = natsHeaders();
    for (const [k, v] of Object.entries(opts.headers ?? {})) h.set(k, v);
    const ack = await this.js.publish(subject, data, {
      headers: h,
      timeout: this.publishTimeoutMs,
      ...(opts.msgID ? { msgID: opts.msgID } : {}),
    });
    return { seq: ack.seq, duplicate: ack.duplicate };
  }

  /** Flushes what is buffered and closes; subscriptions are drained first. */
  async drain(): Promise<void> {
    if (!this.nc.isClosed()) await this.nc.drain();
  }
}
