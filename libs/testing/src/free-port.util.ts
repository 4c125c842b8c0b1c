import { randomInt } from 'node:crypto';
import { createServer } from 'node:net';

/**
 * Ports are chosen below Linux's ephemeral range (32768-60999 by default), where the OS picks the local port of
 * every outgoing connection: a port taken from that range and used a few seconds later (a lab allocates every
 * service's port before starting them) can meanwhile become the local end of some connection. Below it, only a
 * server that chose the same port can collide, which the random pick and the check make unlikely.
 */
const LOW = 10_000;
const HIGH = 32_000;
/** Ports this process has handed out: never handed out twice. */
const handedOut = new Set<number>();

function bindable(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const server = createServer();
    server.unref();
    server.once('error', () => resolve(false));
    server.listen(port, '127.0.0.1', () => server.close(() => resolve(true)));
  });
}

/**
 * A TCP port on 127.0.0.1 that was free a moment ago, outside the range the OS gives outgoing connections, and
 * not handed out before by this process. Another process could take it in between; callers that start a server on
 * it fail loudly if that happens.
 */
export async function freePort(): Promise<number> {
  for (let attempt = 0; attempt < 200; attempt++) {
    const port = randomInt(LOW, HIGH);
    if (handedOut.has(port)) continue;
    if (await bindable(port)) {
      handedOut.add(port);
      return port;
    }
  }
  throw new Error(`no free TCP port found on 127.0.0.1 between ${LOW} and ${HIGH} after 200 tries`);
}

/** A free port different from the given ones (for a server that listens on several). */
export async function freePortOtherThan(...taken: number[]): Promise<number> {
  for (;;) {
    const port = await freePort();
    if (!taken.includes(port)) return port;
  }
}
