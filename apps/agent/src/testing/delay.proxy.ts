import { createServer, connect, type Socket } from 'node:net';
import { performance } from 'node:perf_hooks';

export interface DelayProxy {
  /** The port on 127.0.0.1 to connect to instead of the target's. */
  readonly port: number;
  close(): Promise<void>;
}

/**
 * A TCP proxy on 127.0.0.1 that holds every chunk `delayMs` in each direction before passing it on, in order: a
 * link with `2 × delayMs` more round-trip time (what `tc netem delay` does, where netem is not available).
 * Closing it cuts the link (connections reset, new ones refused); starting one on the same port restores it.
 */
export async function startDelayProxy(opts: {
  targetPort: number;
  targetHost?: string;
  delayMs: number;
  /** Listen on this port (to bring a cut link back where it was); default a free one. */
  port?: number;
}): Promise<DelayProxy> {
  const sockets = new Set<Socket>();
  const server = createServer((client) => {
    const upstream = connect({ host: opts.targetHost ?? '127.0.0.1', port: opts.targetPort });
    for (const s of [client, upstream]) {
      sockets.add(s);
      s.setNoDelay(true);
      s.on('error', () => undefined);
      s.on('close', () => {
        sockets.delete(s);
        client.destroy();
        upstream.destroy();
      });
    }
    relayDelayed(client, upstream, opts.delayMs);
    relayDelayed(upstream, client, opts.delayMs);
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(opts.port ?? 0, '127.0.0.1', () => resolve());
  });
  const address = server.address();
  if (typeof address !== 'object' || address === null) throw new Error('the delay proxy did not get a port');
  return {
    port: address.port,
    close: () =>
      new Promise<void>((resolve) => {
        for (const s of sockets) s.destroy();
        server.close(() => resolve());
      }),
  };
}

/** Passes what `from` sends to `to`, each chunk `delayMs` after it arrived, in arrival order. */
function relayDelayed(from: Socket, to: Socket, delayMs: number): void {
  const queue: { due: number; chunk: Buffer }[] = [];
  let timer: NodeJS.Timeout | undefined;
  let ended = false;
  const pump = (): void => {
    timer = undefined;
    const now = performance.now();
    while (queue.length > 0 && queue[0]!.due <= now) {
      const { chunk } = queue.shift()!;
      if (!to.destroyed) to.write(chunk);
    }
    if (queue.length > 0) timer = setTimeout(pump, Math.max(0, queue[0]!.due - performance.now()));
    else if (ended && !to.destroyed) to.end();
  };
  from.on('data', (chunk: Buffer) => {
    queue.push({ due: performance.now() + delayMs, chunk });
    timer ??= setTimeout(pump, delayMs);
  });
  from.on('end', () => {
    ended = true;
    timer ??= setTimeout(pump, 0);
  });
}
