import { parentPort, workerData } from 'node:worker_threads';
import { chunkId, isAllZero } from '../crypto/chunk-id';
import { openChunk } from './chunk-opening';
import { cutFilePart, recycleOutput, sealFileRange } from './file-chunking';
import { finishFiles, restoreBatch } from './restore-writes';
import { BatchItem, ownBuffer, WorkerInit, WorkerReply, WorkerTask } from './worker-protocol';

// A crypto worker: cuts files into chunks, hashes, seals and opens chunks off the main thread, so both cores
// work during a backup or restore. The keys arrive once, in workerData.

const init = (workerData as { init: WorkerInit }).init;
const dataKey = Buffer.from(init.dataKey);
const idKey = Buffer.from(init.idKey);
const keys = { dataKey, idKey };
const port = parentPort;
if (!port) throw new Error('crypto.worker must run in a worker thread');

/**
 * Posts a reply, transferring `data`'s memory. `dedicated`: data's ArrayBuffer holds nothing else (allocated with
 * allocUnsafeSlow for this reply), so it moves as it is even when data is only the front of it.
 */
function reply(message: WorkerReply, data?: Uint8Array, dedicated = false): void {
  if (data && dedicated && data.buffer instanceof ArrayBuffer) {
    port?.postMessage({ ...message, data: new Uint8Array(data.buffer, data.byteOffset, data.byteLength) }, [data.buffer]);
  } else if (data) {
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
    case 'cut': {
      const r = await cutFilePart(task, keys);
      reply({ seq: task.seq, ok: true, chunks: r.chunks, next: r.next, eof: r.eof, ...(r.after ? { after: r.after } : {}) }, r.sealed.length > 0 ? r.sealed : undefined, true);
      return;
    }
    case 'recycle':
      recycleOutput(task.buffer);
      return;
    case 'sealRange': {
      const blob = await sealFileRange(task, keys);
      reply({ seq: task.seq, ok: true, changed: blob === undefined }, blob);
      return;
    }
    case 'restoreBatch': {
      reply({ seq: task.seq, ok: true, problems: await restoreBatch(task.blob, task.items, task.files, keys) });
      return;
    }
    case 'finishFiles': {
      finishFiles(task.files);
      reply({ seq: task.seq, ok: true });
      return;
    }
    case 'openBatch': {
      const { problems, plain } = await openBatch(task.blob, task.items, task.keep);
      reply({ seq: task.seq, ok: true, problems }, task.keep ? plain : undefined);
      return;
    }
  }
}

/** Opens every chunk of a batch; a bad one is reported in its slot (its bytes in `plain` are left unset). */
async function openBatch(blob: Uint8Array, items: readonly BatchItem[], keep: boolean): Promise<{ problems: (string | null)[]; plain: Buffer }> {
  const plain = Buffer.allocUnsafeSlow(keep ? items.reduce((n, i) => n + i.size, 0) : 0);
  const problems: (string | null)[] = [];
  let at = 0;
  for (const item of items) {
    const opened = await openChunk(blob, item, keys);
    if (typeof opened === 'string') problems.push(opened);
    else {
      problems.push(null);
      if (keep) opened.copy(plain, at);
    }
    at += item.size;
  }
  return { problems, plain };
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
