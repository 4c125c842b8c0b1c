import { rm } from 'node:fs/promises';
import { join } from 'node:path';
import { FsObjectStore } from '@tandem/objectstore';
import { backup, latestManifestKey, restore } from '../src';

// Backup then restore of one directory into a fresh store, printing throughput and peak RSS: run it on
// datasets of different sizes to see that memory does not grow with the volume.
// Usage: node -r ./scripts/register.cjs libs/datamover/bench/big-files.bench.ts <source dir> <work dir>
const [, , source = '/tmp/bsub/big', work = '/tmp/tandem-big-bench'] = process.argv;

async function main(): Promise<void> {
  await rm(work, { recursive: true, force: true });
  const store = new FsObjectStore(join(work, 'store'));
  const key = Buffer.alloc(32, 5);
  let t0 = Date.now();
  const b = await backup({ store, key, volume: 'big', source });
  const backupS = (Date.now() - t0) / 1000;
  const rssAfterBackup = Math.round(process.resourceUsage().maxRSS / 1024);
  t0 = Date.now();
  await restore({ store, key, recoveryPoint: (await latestManifestKey(store, 'big')) as string, target: join(work, 'restored') });
  const restoreS = (Date.now() - t0) / 1000;
  const MiB = b.stats.bytesTotal / 1048576;
  process.stdout.write(
    `${JSON.stringify({ source, MiB: Math.round(MiB), backupS, backupMiBps: Math.round(MiB / backupS), rssAfterBackupMiB: rssAfterBackup, restoreS, restoreMiBps: Math.round(MiB / restoreS), peakRssMiB: Math.round(process.resourceUsage().maxRSS / 1024) })}\n`,
  );
  await rm(work, { recursive: true, force: true });
}

void main();
