import { availableParallelism } from 'node:os';
import { extname, join } from 'node:path';
import { Worker } from 'node:worker_threads';
import { RepositoryKeys } from '../crypto/repository-keys';
import { DatamoverError } from '../datamover.errors';
import { ownBuffer, StatSnapshot, WorkerReply, WorkerTask } from './worker-protocol';

/** A chunk that does not decrypt, or does not hash to its id. */
export class ChunkIntegrityError extends Error {}

export interface IngestedFile {
  readonly id: string;
  readonly zero: boolean;
  readonly size: number;
  /** The sealed chunk, ready to upload. */
  readonly blob: Buffer;
  readonly before: StatSnapshot;
  readonly after: StatSnapshot;
}

interface Pending {
  resolve(reply: WorkerReply & { ok: true }): void;
  reject(err: Error): void;
}

interface Slot {
  worker: Worker;
  busy: number;
}

// The worker's entry is TypeScript when Tandem runs from source (tests, `node -r scripts/register.cjs`), and
// JavaScript when compiled. A worker inherits the parent's execArgv (so `-r register.cjs` carries over), but
// under Jest nothing registers `.ts` there; this bootstrap registers swc when needed, then loads the entry.
const BOOTSTRAP = `
const { workerData } = require('node:worker_threads');
if (workerData.tsRegister && !require.extensions['.ts']) require(workerData.tsRegister);
require(workerData.entry);
`;

function workerEntry(): { entry: string; tsRegister?: string } {
  const ext = extname(__filename);
  const entry = join(__dirname, `crypto.worker${ext}`);
  return ext === '.ts' ? { entry, tsRegister: join(__dirname, '..', '..', '..', '..', 'scripts', 'register.cjs') } : { entry };
}

/** Default worker count: one per core the process may use. */
export function defaultWorkerCount(): number {
  return Math.max(1, availableParallelism());
}

/**
 * Worker threads that hash, seal and open chunks. Each task goes to the least busy worker; chunk buffers are
 * transferred (not copied) both ways, so a buffer handed to the pool must not be used by the caller afterwards
 * (use the returned one).
 */
export class CryptoWorkerPool {
  private readonly slots: Slot[] = [];
  private readonly pending = new Map<number, Pending>();
  private seq = 0;
  private failure: Error | undefined;
  private closed = false;

  constructor(keys: RepositoryKeys, size = defaultWorkerCount()) {
    const { entry, tsRegister } = workerEntry();
    for (let i = 0; i < size; i++) {
      const worker = new Worker(BOOTSTRAP, {
        eval: true,
        workerData: { entry, tsRegister, init: { dataKey: new Uint8Array(keys.dataKey), idKey: new Uint8Array(keys.idKey) } },
      });
      const slot: Slot = { worker, busy: 0 };
      worker.on('message', (reply: WorkerReply) => this.settle(slot, reply));
      worker.on('error', (err) => this.fail(err));
      worker.on('exit', (code) => {
        if (!this.closed) this.fail(new Error(`crypto worker exited with code ${code}`));
      });
      this.slots.push(slot);
    }
  }

  /** Keyed hash of a chunk; `data` is transferred and handed back. */
  async hash(data: Uint8Array): Promise<{ id: string; zero: boolean; data: Buffer }> {
    const reply = await this.run((seq) => ({ op: 'hash', seq, data }), data);
    return { id: reply.id as string, zero: reply.zero === true, data: asBuffer(reply.data) };
  }

  /** The stored form of a chunk (compressed if it pays, then encrypted); `data` is transferred and consumed. */
  async seal(id: string, data: Uint8Array, level: number, minSavings: number): Promise<{ blob: Buffer; compressed: boolean }> {
    const reply = await this.run((seq) => ({ op: 'seal', seq, id, data, level, minSavings }), data);
    return { blob: asBuffer(reply.data), compressed: reply.compressed === true };
  }

  /** Reads a small file (one chunk) in a worker, hashes and seals it. */
  async ingest(path: string, level: number, minSavings: number): Promise<IngestedFile> {
    const reply = await this.run((seq) => ({ op: 'ingest', seq, path, level, minSavings }));
    return {
      id: reply.id as string,
      zero: reply.zero === true,
      size: reply.size as number,
      blob: asBuffer(reply.data),
      before: reply.before as StatSnapshot,
      after: reply.after as StatSnapshot,
    };
  }

  /** The plaintext of a stored chunk, verified against its id; throws `ChunkIntegrityError` if it is not. */
  async open(id: string, blob: Uint8Array): Promise<Buffer> {
    const reply = await this.run((seq) => ({ op: 'open', seq, id, blob }), blob);
    return asBuffer(reply.data);
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await Promise.all(this.slots.map((s) => s.worker.terminate()));
    this.fail(new DatamoverError('the crypto worker pool was closed', { code: 'pool-closed' }));
  }

  private run(build: (seq: number) => WorkerTask, payload?: Uint8Array): Promise<WorkerReply & { ok: true }> {
    if (this.failure) return Promise.reject(this.failure);
    if (this.closed) return Promise.reject(new DatamoverError('the crypto worker pool is closed', { code: 'pool-closed' }));
    const seq = ++this.seq;
    const slot = this.slots.reduce((a, b) => (b.busy < a.busy ? b : a));
    const task = build(seq);
    const buffer = payload ? ownBuffer(payload) : undefined;
    const message = buffer ? { ...task, [task.op === 'open' ? 'blob' : 'data']: new Uint8Array(buffer) } : task;
    return new Promise((resolve, reject) => {
      this.pending.set(seq, { resolve, reject });
      slot.busy++;
      slot.worker.postMessage(message, buffer ? [buffer] : []);
    });
  }

  private settle(slot: Slot, reply: WorkerReply): void {
    slot.busy--;
    const pending = this.pending.get(reply.seq);
    if (!pending) return;
    this.pending.delete(reply.seq);
    if (reply.ok) pending.resolve(reply);
    else if (reply.kind === 'corrupt') pending.reject(new ChunkIntegrityError(reply.message));
    else pending.reject(Object.assign(new Error(reply.message), { code: reply.code }));
  }

  private fail(err: Error): void {
    this.failure ??= err;
    for (const p of this.pending.values()) p.reject(err);
    this.pending.clear();
  }
}

function asBuffer(data: Uint8Array | undefined): Buffer {
  if (!data) return Buffer.alloc(0);
  return Buffer.from(data.buffer, data.byteOffset, data.byteLength);
}
