import { setTimeout as sleep } from 'node:timers/promises';
import type { DataSource } from 'typeorm';

const LOCK_POLL_MS = 250;

/**
 * Lock holders at once per database pool. Each holder keeps one connection for its session lock while its work
 * runs and queries through the pool (look-ups, the transaction that records the outcome): with the pool's ten
 * connections, ten holders would each wait for an eleventh, forever. Four leave the work room.
 */
export const MAX_LOCK_HOLDERS = 4;

class Gate {
  private holders = 0;
  private readonly queue: (() => void)[] = [];

  constructor(private readonly limit: number) {}

  async enter(): Promise<void> {
    if (this.holders < this.limit) {
      this.holders++;
      return;
    }
    await new Promise<void>((resolve) => this.queue.push(resolve));
  }

  leave(): void {
    const next = this.queue.shift();
    if (next) next();
    else this.holders--;
  }
}

const gates = new WeakMap<DataSource, Gate>();
const gateOf = (db: DataSource): Gate => {
  let gate = gates.get(db);
  if (!gate) gates.set(db, (gate = new Gate(MAX_LOCK_HOLDERS)));
  return gate;
};

/**
 * Runs `work` holding the session advisory lock of (`scope`, `requestId`) on a connection of its own (the work runs
 * outside any transaction), so that two deliveries of a command with the same requestId never do the work at once.
 * While another process holds it, `waiting` is called every poll (the message's ack deadline moves). At most
 * MAX_LOCK_HOLDERS run at once per pool; the others wait their turn in this process, calling `waiting` too.
 */
export async function withRequestLock<T>(db: DataSource, scope: string, requestId: string, waiting: () => void, work: () => Promise<T>): Promise<T> {
  const gate = gateOf(db);
  const heartbeat = setInterval(waiting, 5_000);
  try {
    await gate.enter();
  } finally {
    clearInterval(heartbeat);
  }
  try {
    const runner = db.createQueryRunner();
    await runner.connect();
    const key = [scope, requestId];
    try {
      for (;;) {
        const [row] = (await runner.query(`SELECT pg_try_advisory_lock(hashtext($1), hashtext($2)) AS locked`, key)) as { locked: boolean }[];
        if (row?.locked) break;
        waiting();
        await sleep(LOCK_POLL_MS);
      }
      try {
        return await work();
      } finally {
        await runner.query(`SELECT pg_advisory_unlock(hashtext($1), hashtext($2))`, key);
      }
    } finally {
      await runner.release();
    }
  } finally {
    gate.leave();
  }
}
