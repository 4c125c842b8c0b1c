import { readFile } from 'node:fs/promises';
import type { DataSource, MigrationInterface } from 'typeorm';
import { BusConnection, JetStreamServer, OutboxRelay } from '@tandem/bus';
import { busNaming, BusNaming } from '@tandem/contracts';
import type { JsonLogger } from '@tandem/observability';
import { openDatabase, Outbox } from '@tandem/persistence';
import type { ServiceRuntimeConfig } from './service-runtime.config';

/** The database URL with the password from TANDEM_DATABASE_PASSWORD_FILE, when one is given. */
export async function databaseUrl(config: ServiceRuntimeConfig): Promise<string> {
  if (!config.databasePasswordFile) return config.databaseUrl;
  const password = await readFile(config.databasePasswordFile, 'utf8').catch((err: Error) => {
    throw new Error(`cannot read TANDEM_DATABASE_PASSWORD_FILE ${config.databasePasswordFile}: ${err.message}`);
  });
  const url = new URL(config.databaseUrl);
  url.password = password.trim();
  return url.toString();
}

/** What a service gets to work with: its database, the bus, its outbox and its JetStream transport. */
export interface ServiceRuntime {
  name: string;
  db: DataSource;
  bus: BusConnection;
  naming: BusNaming;
  outbox: Outbox;
  relay: OutboxRelay;
  transport: JetStreamServer;
  /** Readiness checks for the service shell. */
  checks: Record<string, () => Promise<void>>;
  /** Stops the relay, drains the bus and closes the database (after the transport was closed). */
  close(): Promise<void>;
}

/**
 * Connects a service to Postgres (running its migrations) and NATS JetStream, and starts its outbox relay.
 * The transport is returned unstarted: Nest starts it once the handlers are registered.
 */
export async function startServiceRuntime(opts: {
  name: string;
  config: ServiceRuntimeConfig;
  migrations: (new () => MigrationInterface)[];
  logger: JsonLogger;
  /** Durable consumer name; default the service name. Agents use `agent-<domain>`. */
  consumer?: string;
  /** The cluster domain whose scoped commands this instance takes. */
  scope?: string;
}): Promise<ServiceRuntime> {
  const { name, config, logger } = opts;
  const naming = busNaming(config.busPrefix);
  const db = await openDatabase({ url: await databaseUrl(config), applicationName: `tandem-${name}`, migrations: opts.migrations });
  let bus: BusConnection;
  try {
    bus = await BusConnection.open({
      servers: config.natsUrl,
      name: `tandem-${name}`,
      naming,
      ...(config.busDomain ? { domain: config.busDomain } : {}),
      peers: config.busPeers,
    });
  } catch (err) {
    await db.destroy();
    throw new Error(`cannot reach NATS at ${config.natsUrl} (TANDEM_NATS_URL): ${(err as Error).message}`, { cause: err });
  }
  // The CloudEvents source names the site too when sites are linked, so an imported event says where it came from.
  const source = config.busDomain ? `tandem/${config.busDomain}/${name}` : `tandem/${name}`;
  const outbox = new Outbox(naming, source);
  const relay = new OutboxRelay({ db, bus, outbox, logger: logger.child('outbox-relay') });
  await relay.start();
  const transport = new JetStreamServer({
    bus,
    consumer: opts.consumer ?? name,
    ...(opts.scope ? { scope: opts.scope } : {}),
    source,
    logger: logger.child('jetstream'),
    concurrency: config.consumerConcurrency,
    maxAttempts: config.maxAttempts,
  });
  return {
    name,
    db,
    bus,
    naming,
    outbox,
    relay,
    transport,
    checks: {
      database: async () => {
        await db.query('SELECT 1');
      },
      nats: async () => {
        if (!bus.connected) throw new Error(`not connected to ${config.natsUrl}`);
      },
    },
    close: async () => {
      await relay.stop();
      await bus.drain().catch(() => undefined);
      await db.destroy();
    },
  };
}
