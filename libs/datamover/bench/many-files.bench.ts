import { mkdir, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { FsObjectStore } from '@tandem/objectstore';
import { backup } from '../src';

// Backup of a volume of many small files (default 100k), then of the same volume unchanged: checks that the
// manifest and change detection scale. Usage: node -r ./scripts/register.cjs libs/datamover/bench/many-files.bench.ts <dir> [files]
const [, , dir = '/tmp/tandem-many', countArg = '100000'] = process.argv;
const count = Number(countArg);

async function main(): Promise<void> {
  const source = join(dir, 'source');
  await rm(dir, { recursive: true, force: true });
  for (let d = 0; d < count / 500; d++) {
    await mkdir(join(source, `d${d}`), { recursive: true });
    await Promise.all(Array.from({ length: 500 }, (_, f) => writeFile(join(source, `d${d}`, `f${f}.txt`), `file ${d}/${f} ${'x'.repeat((d * 500 + f) % 300)}\n`)));
  }
  await new Promise((r) => setTimeout(r, 200));
  const store = new FsObjectStore(join(dir, 'store'));
  const key = Buffer.alloc(32, 3);
  for (const run of ['first', 'unchanged']) {
    const t0 = Date.now();
    const r = await backup({ store, key, volume: 'many', source });
    const s = r.stats;
    process.stdout.write(
      `${JSON.stringify({ run, seconds: (Date.now() - t0) / 1000, files: s.files, filesRead: s.filesRead, filesUnchanged: s.filesUnchanged, chunksNew: s.chunksNew, peakRssMiB: Math.round(process.resourceUsage().maxRSS / 1024) })}\n`,
    );
  }
}

void main();
