import { availableParallelism } from 'node:os';
import { extname, join } from 'node:path';
import { Worker } from 'node:worker_threads';
import { RepositoryKeys } from '../crypto/repository-keys';
import { DatamoverError } from '../datamover.errors';
import type { CutRequest } from './file-chunking';
import type { CutChunk } from './worker-protocol';
import { BatchItem, FileFinish, FileWrites, ownBuffer, StatSnapshot, WorkerReply, WorkerTask } from './worker-protocol';

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
 * Worker threads that cut files into chunks, hash, seal and open chunks. Each task goes to the least busy worker;
 * buffers are transferred (not copied) both ways, so a buffer handed to the pool must not be used by the caller
 * afterwards (use the returned one).
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

  /** Cuts the next part of a file into chunks in a worker (see file-chunking.ts); the sealed chunks come back to back. */
  async cut(req: CutRequest): Promise<{ chunks: readonly CutChunk[]; sealed: Buffer; next: number; eof: boolean; after?: StatSnapshot }> {
    const reply = await this.run((seq) => ({ op: 'cut', seq, ...req }));
    return {
      chunks: reply.chunks ?? [],
      sealed: asBuffer(reply.data),
      next: reply.next as number,
      eof: reply.eof === true,
      ...(reply.after ? { after: reply.after } : {}),
    };
  }

  /** Hands a buffer `cut` answered with back to a worker, to be filled again (large ones only). */
  recycle(sealed: Buffer): void {
    if (this.closed || this.failure || sealed.buffer.byteLength <= 256 * 1024 || !(sealed.buffer instanceof ArrayBuffer)) return;
    const slot = this.slots.reduce((a, b) => (b.busy < a.busy ? b : a));
    slot.worker.postMessage({ op: 'recycle', seq: 0, buffer: sealed.buffer }, [sealed.buffer]);
  }

  /** Reads a chunk of a file again and seals it; undefined when the file no longer has those bytes there. */
  async sealRange(req: { path: string; offset: number; size: number; id: string; level: number; minSavings: number }): Promise<Buffer | undefined> {
    const reply = await this.run((seq) => ({ op: 'sealRange', seq, ...req }));
    return reply.changed ? undefined : asBuffer(reply.data);
  }

  /**
   * Opens the chunks that lie in `blob` (transferred) and checks each against its id and size. Answers their
   * plaintexts concatenated in item order (empty unless `keep`) and, per item, null or what is wrong with it.
   */
  async openBatch(blob: Uint8Array, items: readonly BatchItem[], keep: boolean): Promise<{ plain: Buffer; problems: readonly (string | null)[] }> {
    const reply = await this.run((seq) => ({ op: 'openBatch', seq, blob, items, keep }), blob);
    return { plain: asBuffer(reply.data), problems: reply.problems ?? [] };
  }

  /**
   * Opens the chunks in `blob` (transferred) and writes the sound ones into files as `files` says (see
   * restore-writes.ts). Answers per chunk null or what is wrong with it.
   */
  async restoreBatch(blob: Uint8Array, items: readonly BatchItem[], files: readonly FileWrites[]): Promise<readonly (string | null)[]> {
    const reply = await this.run((seq) => ({ op: 'restoreBatch', seq, blob, items, files }), blob);
    return reply.problems ?? [];
  }

  /** Gives restored files their owner, mode and mtime. */
  async finishFiles(files: readonly FileFinish[]): Promise<void> {
    await this.run((seq) => ({ op: 'finishFiles', seq, files }));
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
    const message = buffer ? { ...task, [task.op === 'openBatch' || task.op === 'restoreBatch' ? 'blob' : 'data']: new Uint8Array(buffer) } : task;
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
