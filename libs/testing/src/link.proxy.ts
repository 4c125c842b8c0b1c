import { connect, createServer, type Server, type Socket } from 'node:net';

export interface LinkProxy {
  /** The port on 127.0.0.1 to dial instead of the target's. */
  readonly port: number;
  /** Cuts the link: open connections are reset and new ones refused until `restore()`. */
  cut(): Promise<void>;
  /** Listens again on the same port. */
  restore(): Promise<void>;
  close(): Promise<void>;
}

/** A TCP pass-through on 127.0.0.1 in front of `targetPort`, so a test can cut a link between two processes. */
export async function startLinkProxy(targetPort: number): Promise<LinkProxy> {
  const sockets = new Set<Socket>();
  let server: Server | undefined;

  const listen = async (port: number): Promise<number> => {
    const s = createServer((client) => {
      const upstream = connect({ host: '127.0.0.1', port: targetPort });
      for (const socket of [client, upstream]) {
        sockets.add(socket);
        socket.setNoDelay(true);
        socket.on('error', () => undefined);
        socket.on('close', () => {
          sockets.delete(socket);
          client.destroy();
          upstream.destroy();
        });
      }
      client.pipe(upstream);
      upstream.pipe(client);
    });
    await new Promise<void>((resolve, reject) => {
      s.once('error', reject);
      s.listen(port, '127.0.0.1', () => resolve());
    });
    server = s;
    const address = s.address();
    if (typeof address !== 'object' || address === null) throw new Error('the link proxy did not get a port');
    return address.port;
  };

  const cut = (): Promise<void> =>
    new Promise<void>((resolve) => {
      const s = server;
      server = undefined;
      for (const socket of sockets) socket.destroy();
      if (!s) return resolve();
      s.close(() => resolve());
    });

  const port = await listen(0);
  return {
    port,
    cut,
    restore: async () => {
      if (!server) await listen(port);
    },
    close: cut,
  };
}
