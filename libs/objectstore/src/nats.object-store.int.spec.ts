import { jetstreamManager } from '@nats-io/jetstream';
import type { NatsConnection } from '@nats-io/nats-core';
import { connect } from '@nats-io/transport-node';
import { type NatsServerHandle, startNatsServer, uniqueName } from '@tandem/testing';
import { NatsObjectStore } from './nats.object-store';
import { objectStoreContract } from './object-store.contract';

let server: NatsServerHandle;
let nc: NatsConnection;

beforeAll(async () => {
  server = await startNatsServer();
  // Reconnects for as long as it takes: the outage test stops the server and starts it again.
  nc = await connect({ servers: server.url, maxReconnectAttempts: -1, reconnectTimeWait: 200 });
});

afterAll(async () => {
  await nc?.close();
  await server?.destroy();
});

objectStoreContract('NatsObjectStore', {
  async create(options) {
    const store = await NatsObjectStore.open(nc, uniqueName('objects'), { ...options, requestTimeoutMs: 3_000 });
    return { store, server };
  },
  manyObjects: 1_100,
});

describe('NatsObjectStore', () => {
  it('creates its bucket as a file-backed JetStream object store', async () => {
    const bucket = uniqueName('created');
    await NatsObjectStore.open(nc, bucket, { replicas: 1 });
    const info = await (await jetstreamManager(nc)).streams.info(`OBJ_${bucket}`);
    expect(info.config).toMatchObject({ storage: 'file', num_replicas: 1 });
  });

  it('refuses a bucket name NATS cannot use, saying which characters are allowed', () => {
    expect(() => new NatsObjectStore(nc, 'no spaces')).toThrow(/invalid NATS object store bucket name "no spaces": use letters, digits/);
  });

  it('leaves no orphan chunks behind when concurrent ifAbsent puts lose the race', async () => {
    const bucket = uniqueName('orphans');
    const store = await NatsObjectStore.open(nc, bucket);
    const payload = new Uint8Array(300 * 1024).fill(7); // three chunks each
    await Promise.all(Array.from({ length: 5 }, () => store.put('chunk', payload, { ifAbsent: true })));
    const info = await (await jetstreamManager(nc)).streams.info(`OBJ_${bucket}`);
    expect(info.state.messages).toBe(3 + 1); // the winner's chunks and its metadata
  });
});
