import { closeSync, constants, fstatSync, openSync, readSync } from 'node:fs';
import { parentPort, workerData } from 'node:worker_threads';
import { chunkId, isAllZero } from '../crypto/chunk-id';
import { openObject, OpenFailure, sealObject } from '../crypto/sealed-object.codec';
import { ownBuffer, StatSnapshot, WorkerInit, WorkerReply, WorkerTask } from './worker-protocol';

// A crypto worker: hashes, seals and opens chunks off the main thread, so both cores work during a backup
// or restore. The keys arrive once, in workerData.

const init = (workerData as { init: WorkerInit }).init;
const dataKey = Buffer.from(init.dataKey);
const idKey = Buffer.from(init.idKey);
const port = parentPort;
if (!port) throw new Error('crypto.worker must run in a worker thread');

function reply(message: WorkerReply, data?: Uint8Array): void {
  if (data) {
    let buffer = ownBuffer(data);
    try {
      port?.postMessage({ ...message, data: new Uint8Array(buffer) }, [buffer]);
    } catch {
      // Native (external) buffers, e.g. zstd's output, cannot always be transferred: send a copy.
      buffer = ownBuffer(Buffer.from(data));
      port?.postMessage({ ...message, data: new Uint8Array(buffer) }, [buffer]);
    }
  } else {
    port?.postMessage(message);
  }
}

async function run(task: WorkerTask): Promise<void> {
  switch (task.op) {
    case 'hash': {
      const data = Buffer.from(task.data.buffer, task.data.byteOffset, task.data.byteLength);
      reply({ seq: task.seq, ok: true, id: chunkId(idKey, data), zero: isAllZero(data) }, data);
      return;
    }
    case 'seal': {
      const sealed = await sealObject(task.data, { key: dataKey, kind: 'C', context: task.id, compressionLevel: task.level, minSavings: task.minSavings });
      reply({ seq: task.seq, ok: true, compressed: sealed.compressed }, sealed.blob);
      return;
    }
    case 'ingest': {
      const { data, before, after } = readWhole(task.path);
      const id = chunkId(idKey, data);
      const sealed = await sealObject(data, { key: dataKey, kind: 'C', context: id, compressionLevel: task.level, minSavings: task.minSavings });
      reply({ seq: task.seq, ok: true, id, zero: isAllZero(data), size: data.length, before, after, compressed: sealed.compressed }, sealed.blob);
      return;
    }
    case 'open': {
      let plain: Buffer;
      try {
        plain = await openObject(task.blob, { key: dataKey, kind: 'C', context: task.id });
      } catch (err) {
        if (err instanceof OpenFailure) return reply({ seq: task.seq, ok: false, kind: 'corrupt', message: err.message });
        throw err;
      }
      if (chunkId(idKey, plain) !== task.id) return reply({ seq: task.seq, ok: false, kind: 'corrupt', message: 'its content does not hash to its id' });
      reply({ seq: task.seq, ok: true }, plain);
      return;
    }
  }
}

function snapshot(fd: number): StatSnapshot {
  const st = fstatSync(fd, { bigint: true });
  return { size: String(st.size), mtimeNs: String(st.mtimeNs), ctimeNs: String(st.ctimeNs), ino: String(st.ino) };
}

/** Reads a whole (small) file synchronously: this thread has nothing else to do meanwhile. */
function readWhole(path: string): { data: Buffer; before: StatSnapshot; after: StatSnapshot } {
  const fd = openSync(path, constants.O_RDONLY | constants.O_NOFOLLOW);
  try {
    const before = snapshot(fd);
    let buf = Buffer.allocUnsafeSlow(Number(before.size) + 1);
    let filled = 0;
    for (;;) {
      if (filled === buf.length) {
        const wider = Buffer.allocUnsafeSlow(buf.length * 2);
        buf.copy(wider);
        buf = wider;
      }
      const n = readSync(fd, buf, filled, buf.length - filled, filled);
      if (n === 0) break;
      filled += n;
    }
    return { data: buf.subarray(0, filled), before, after: snapshot(fd) };
  } finally {
    closeSync(fd);
  }
}

port.on('message', (task: WorkerTask) => {
  run(task).catch((err: unknown) =>
    reply({
      seq: task.seq,
      ok: false,
      kind: 'error',
      message: err instanceof Error ? err.message : String(err),
      code: (err as NodeJS.ErrnoException).code,
    }),
  );
});
