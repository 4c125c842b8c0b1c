import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdir, open, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { FsObjectStore } from '@tandem/objectstore';
import { backup, collectGarbage, restore, verifyRecoveryPoint } from '../src';

// Benchmark of the volume pipeline on a mixed dataset, each phase in a fresh process so that its peak RSS is
// its own. Usage: node -r ./scripts/register.cjs libs/datamover/bench/volume.bench.ts <work dir> [GiB]
//   phases run: gen → backup → backup (unchanged) → restore → verify. Prints one JSON line per phase.

const MiB = 1024 * 1024;
const [, , dir = '/tmp/tandem-bench', sizeArg = '1', phase] = process.argv;
const scale = Number(sizeArg);
const key = Buffer.alloc(32, 7);
const source = join(dir, 'source');
const storeDir = join(dir, 'store');
const target = join(dir, 'restored');

function text(bytes: number, seed: number): Buffer {
  const out = Buffer.allocUnsafe(bytes);
  let x = seed;
  let at = 0;
  const words = ['error', 'info', 'request', 'volume', 'latency', 'ms', 'user', 'GET', 'POST', '/api/v1/items', 'ok', 'retry'];
  while (at < bytes) {
    x = (x * 1103515245 + 12345) & 0x7fffffff;
    at += out.write(`${words[x % words.length]} ${x % 100000} `, at);
    if (x % 17 === 0 && at < bytes) at += out.write('\n', at);
  }
  return out;
}

async function gen(): Promise<object> {
  await rm(dir, { recursive: true, force: true });
  await mkdir(source, { recursive: true });
  let bytes = 0;
  let files = 0;
  // 50 %: incompressible (database files, media)
  for (let i = 0; i < 4; i++) {
    const fh = await open(join(source, `db-${i}.dat`), 'w');
    for (let m = 0; m < 128 * scale; m++) await fh.write(randomBytes(MiB));
    await fh.close();
    bytes += 128 * scale * MiB;
    files++;
  }
  // 25 %: compressible logs
  await mkdir(join(source, 'logs'));
  for (let i = 0; i < 64 * scale; i++) {
    await writeFile(join(source, 'logs', `app-${i}.log`), text(4 * MiB, i + 1));
    bytes += 4 * MiB;
    files++;
  }
  // ~12 %: 20k small files in 200 directories
  for (let d = 0; d < 200 * scale; d++) {
    await mkdir(join(source, 'small', `d${d}`), { recursive: true });
    for (let f = 0; f < 100; f++) {
      const size = 512 + ((d * 100 + f) * 7919) % 11_500;
      await writeFile(join(source, 'small', `d${d}`, `f${f}.json`), f % 2 ? randomBytes(size) : text(size, d * 100 + f));
      bytes += size;
      files++;
    }
  }
  // ~12 % logical: sparse images with 8 MiB of data each
  for (let i = 0; i < 2 * scale; i++) {
    const fh = await open(join(source, `disk-${i}.img`), 'w');
    for (let m = 0; m < 8; m++) await fh.write(randomBytes(MiB), 0, MiB, m * 8 * MiB);
    await fh.truncate(64 * MiB);
    await fh.close();
    bytes += 64 * MiB;
    files++;
  }
  return { files, bytes };
}

function dropCaches(): boolean {
  try {
    execFileSync('sh', ['-c', 'sync && echo 3 > /proc/sys/vm/drop_caches'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

async function run(name: string): Promise<object> {
  const store = new FsObjectStore(storeDir);
  const t0 = Date.now();
  let out: object;
  switch (name) {
    case 'gen':
      out = await gen();
      break;
    case 'backup':
    case 'backup-unchanged': {
      const r = await backup({ store, key, volume: 'bench', source });
      const mbs = r.stats.bytesTotal / MiB / ((Date.now() - t0) / 1000);
      out = { ...r.stats, skipped: r.stats.skipped.length, MiBps: Math.round(mbs) };
      break;
    }
    case 'restore': {
      const { latestManifestKey } = await import('../src');
      const rp = (await latestManifestKey(store, 'bench')) as string;
      await rm(target, { recursive: true, force: true });
      const r = await restore({ store, key, recoveryPoint: rp, target });
      out = { ...r.stats, MiBps: Math.round(r.stats.bytesWritten / MiB / ((Date.now() - t0) / 1000)) };
      break;
    }
    case 'verify': {
      const { latestManifestKey } = await import('../src');
      const rp = (await latestManifestKey(store, 'bench')) as string;
      const r = await verifyRecoveryPoint({ store, key, recoveryPoint: rp });
      out = { ok: r.ok, chunks: r.chunksChecked, MiBps: Math.round(r.bytesChecked / MiB / ((Date.now() - t0) / 1000)) };
      break;
    }
    case 'gc':
      out = await collectGarbage({ store, key, graceMs: 0 });
      break;
    default:
      throw new Error(`unknown phase ${name}`);
  }
  return { phase: name, seconds: (Date.now() - t0) / 1000, peakRssMiB: Math.round(process.resourceUsage().maxRSS / 1024), ...out };
}

async function main(): Promise<void> {
  if (phase) {
    process.stdout.write(`${JSON.stringify(await run(phase))}\n`);
    return;
  }
  for (const p of ['gen', 'backup', 'backup-unchanged', 'restore', 'verify', 'gc']) {
    const cold = p === 'backup' || p === 'restore' ? dropCaches() : false;
    const line = execFileSync(process.execPath, [...process.execArgv, __filename, dir, sizeArg, p], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'] });
    process.stdout.write(cold ? line.replace('{', '{"coldCache":true,') : line);
  }
}

main().catch((err: unknown) => {
  process.stderr.write(`${err instanceof Error ? err.stack : String(err)}\n`);
  process.exit(1);
});
