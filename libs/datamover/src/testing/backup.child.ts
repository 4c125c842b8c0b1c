import { FsObjectStore } from '@tandem/objectstore';
import { backup } from '../backup/backup';
import { parsePackKey } from '../repository/repository-layout';
import { HookedObjectStore } from './hooked.object-store';
import { SMALL_CHUNKS, SMALL_PACKS } from './volume.fixture';

// A backup in its own process, so a test can SIGKILL it mid-way. Pack uploads are slowed down so that the kill
// lands while it is uploading. Usage: backup.child.ts <store dir> <source dir> <base64 key> <delay ms>
const [storeDir, source, keyB64, delay] = process.argv.slice(2) as [string, string, string, string];
const store = new HookedObjectStore(new FsObjectStore(storeDir), {
  beforePut: (key) => (parsePackKey(key) ? new Promise((r) => setTimeout(r, Number(delay))) : undefined),
});
backup({ store, key: Buffer.from(keyB64, 'base64'), volume: 'killed', source, chunker: SMALL_CHUNKS, packSize: SMALL_PACKS, uploadConcurrency: 2 }).then(
  () => process.exit(0),
  (err: unknown) => {
    process.stderr.write(`${String(err)}\n`);
    process.exit(1);
  },
);
