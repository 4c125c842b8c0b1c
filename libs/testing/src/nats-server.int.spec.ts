import { AckPolicy, jetstream, jetstreamManager } from '@nats-io/jetstream';
import { connect } from '@nats-io/transport-node';
import { createServer } from 'node:net';
import { readFile, stat } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { freePort } from './free-port.util';
import { pinnedNatsServerVersion } from './nats-server.binary';
import { type NatsServerHandle, startNatsServer } from './nats-server.process';
import { uniqueName } from './unique-name.util';

interface VarzSubset {
  version: string;
  jetstream: { config: { store_dir: string; sync_always: boolean } };
}

describe('startNatsServer', () => {
  let server: NatsServerHandle;

  beforeAll(async () => {
    server = await startNatsServer();
  });

  afterAll(async () => {
    await server.destroy();
  });

  async function withConnection<T>(work: (nc: Awaited<ReturnType<typeof connect>>) => Promise<T>): Promise<T> {
    const nc = await connect({ servers: server.url, reconnect: false });
    try {
      return await work(nc);
    } finally {
      await nc.close();
    }
  }

  async function createStreamWith(messages: string[]): Promise<string> {
    const stream = uniqueName('orders');
    await withConnection(async (nc) => {
      const jsm = await jetstreamManager(nc);
      await jsm.streams.add({ name: stream, subjects: [`${stream}.>`] });
      const js = jetstream(nc);
      for (const message of messages) await js.publish(`${stream}.placed`, message);
    });
    return stream;
  }

  async function storedMessages(stream: string): Promise<string[]> {
    return withConnection(async (nc) => {
      const jsm = await jetstreamManager(nc);
      const { state } = await jsm.streams.info(stream);
      const stored: string[] = [];
      for (let seq = state.first_seq; seq <= state.last_seq && state.messages > 0; seq++) {
        const message = await jsm.streams.getMessage(stream, { seq });
        if (message) stored.push(message.string());
      }
      return stored;
    });
  }

  it('runs the pinned server on loopback with JetStream synced on every write', async () => {
    expect(server.url).toBe(`nats://127.0.0.1:${server.port}`);
    const varz = (await (await fetch(`${server.monitorUrl}/varz`)).json()) as VarzSubset;
    expect(`v${varz.version}`).toBe(pinnedNatsServerVersion());
    expect(varz.jetstream.config).toMatchObject({ store_dir: join(server.storeDir, 'jetstream'), sync_always: true });
  });

  it('delivers published messages to a durable consumer', async () => {
    const stream = await createStreamWith(['order-1', 'order-2', 'order-3']);
    const received = await withConnection(async (nc) => {
      const jsm = await jetstreamManager(nc);
      await jsm.consumers.add(stream, { durable_name: 'billing', ack_policy: AckPolicy.Explicit });
      const consumer = await jetstream(nc).consumers.get(stream, 'billing');
      const batch = await consumer.fetch({ max_messages: 3, expires: 5_000 });
      const bodies: string[] = [];
      for await (const message of batch) {
        bodies.push(message.string());
        await message.ackAck();
      }
      return bodies;
    });
    expect(received).toEqual(['order-1', 'order-2', 'order-3']);
  });

  it('keeps the stream and the consumer position across stop and restart', async () => {
    const stream = await createStreamWith(['a', 'b']);
    await withConnection(async (nc) => {
      const jsm = await jetstreamManager(nc);
      await jsm.consumers.add(stream, { durable_name: 'reader', ack_policy: AckPolicy.Explicit });
      const consumer = await jetstream(nc).consumers.get(stream, 'reader');
      for await (const message of await consumer.fetch({ max_messages: 1, expires: 5_000 })) await message.ackAck();
    });
    const { port, url } = server;

    await server.stop();
    expect(server.pid).toBeUndefined();
    await server.restart();

    expect([server.port, server.url]).toEqual([port, url]);
    expect(await storedMessages(stream)).toEqual(['a', 'b']);
    const consumer = await withConnection(async (nc) => (await jetstreamManager(nc)).consumers.info(stream, 'reader'));
    expect(consumer.num_pending).toBe(1); // 'a' was acked before the restart and is not delivered again
  });

  it('loses no acknowledged message when the server is SIGKILLed', async () => {
    const messages = Array.from({ length: 50 }, (_, i) => `event-${i}`);
    const stream = await createStreamWith(messages);
    const pidBefore = server.pid;

    await server.kill();
    await server.restart();

    expect(server.pid).not.toBe(pidBefore);
    expect(await storedMessages(stream)).toEqual(messages);
  });
});

describe('startNatsServer when it cannot start', () => {
  it('says why, quoting the server log', async () => {
    const blocker = createServer();
    const port = await freePort();
    await new Promise<void>((resolve) => blocker.listen(port, '127.0.0.1', resolve));
    try {
      const failure = startNatsServer({ port, readyTimeoutMs: 10_000 });
      await expect(failure).rejects.toThrow(
        /did not become ready: nats-server exited \(exit code 1\)[\s\S]*address already in use/,
      );
    } finally {
      await new Promise((resolve) => blocker.close(resolve));
    }
  });

  it('writes its log next to the store dir, and destroy() removes the dir it made', async () => {
    const server = await startNatsServer({ name: 'log_check' });
    try {
      expect(dirname(server.logFile)).toBe(dirname(server.storeDir));
      expect(await readFile(server.logFile, 'utf8')).toMatch(/Server is ready/);
    } finally {
      await server.destroy();
    }
    await expect(stat(dirname(server.storeDir))).rejects.toThrow(/ENOENT/);
  });
});
