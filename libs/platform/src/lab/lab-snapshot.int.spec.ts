import { createHash, randomBytes } from 'node:crypto';
import { chmod, lstat, mkdir, readdir, readFile, readlink, rm, stat, symlink, utimes, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { eventually, suffix } from '../platform.contract';
import type { PlatformError } from '../platform.errors';
import type { VolumeSnapshot } from '../platform.port';
import type { LabPlatform } from './client/lab.platform';
import { LabSiteProcess } from './fixtures/lab-site.process';

// Platform.snapshotVolumes on a lab site served by a real `lab-site serve` process: the capture of a claim's volume
// is a mirror beside it, kept between runs and updated incrementally.
let site: LabSiteProcess;
let lab: LabPlatform;
const namespace = `snap-${suffix()}`;

beforeAll(async () => {
  site = await LabSiteProcess.create('snapshot');
  lab = await site.platform();
  await lab.apply({ apiVersion: 'v1', kind: 'Namespace', metadata: { name: namespace } }, { fieldManager: 'tandem' });
});

afterAll(async () => {
  await lab?.close();
  await site?.dispose();
});

interface Entry {
  type: 'file' | 'dir' | 'link';
  mode: number;
  /** Microseconds: the mirror keeps mtimes to within a microsecond. */
  mtimeUs: bigint;
  size?: number;
  sha256?: string;
  link?: string;
}

/** Every entry under `root` (not following links), by relative path. */
async function tree(root: string): Promise<Map<string, Entry>> {
  const out = new Map<string, Entry>();
  const walk = async (dir: string, rel: string): Promise<void> => {
    for (const name of (await readdir(dir)).sort()) {
      const path = join(dir, name);
      const key = rel ? `${rel}/${name}` : name;
      const s = await lstat(path, { bigint: true });
      const common = { mode: Number(s.mode & 0o7777n), mtimeUs: s.mtimeNs / 1000n };
      if (s.isSymbolicLink()) out.set(key, { type: 'link', ...common, link: await readlink(path) });
      else if (s.isDirectory()) {
        out.set(key, { type: 'dir', ...common });
        await walk(path, key);
      } else out.set(key, { type: 'file', ...common, size: Number(s.size), sha256: createHash('sha256').update(await readFile(path)).digest('hex') });
    }
  };
  await walk(root, '');
  return out;
}

async function inodeOf(path: string): Promise<{ ino: bigint; ctimeNs: bigint }> {
  const s = await lstat(path, { bigint: true });
  return { ino: s.ino, ctimeNs: s.ctimeNs };
}

async function boundClaim(name: string): Promise<string> {
  await lab.apply(
    { apiVersion: 'v1', kind: 'PersistentVolumeClaim', metadata: { name, namespace }, spec: { accessModes: ['ReadWriteOnce'], resources: { requests: { storage: '1Gi' } } } },
    { fieldManager: 'tandem' },
  );
  const [binding] = await eventually(async () => {
    const found = await lab.volumesFor(namespace, [name]);
    return found[0]?.path ? found : undefined;
  }, `claim ${name} to be bound`);
  return binding!.path!;
}

async function failure(promise: Promise<unknown>): Promise<PlatformError> {
  return promise.then(
    () => {
      throw new Error('expected the snapshot to fail');
    },
    (error: unknown) => error as PlatformError,
  );
}

describe('LabPlatform.snapshotVolumes', () => {
  it('mirrors the volume, then mirrors only what changed and leaves untouched files as they were', async () => {
    const volume = await boundClaim('data');
    await mkdir(join(volume, 'db/base/16384'), { recursive: true });
    await writeFile(join(volume, 'db/base/16384/table'), randomBytes(3 * 1024 * 1024 + 17));
    await writeFile(join(volume, 'db/PG_VERSION'), '16\n');
    await writeFile(join(volume, 'empty'), '');
    await writeFile(join(volume, 'secret.key'), 'k', { mode: 0o600 });
    await writeFile(join(volume, 'doomed.log'), 'to be deleted');
    await writeFile(join(volume, 'changing.conf'), 'max_connections = 100\n');
    await symlink('db/PG_VERSION', join(volume, 'version-link'));
    await symlink('/etc/hostname', join(volume, 'outside-link'));
    await chmod(join(volume, 'db'), 0o750);
    await utimes(join(volume, 'db/PG_VERSION'), new Date('2024-01-02T03:04:05.678Z'), new Date('2024-01-02T03:04:05.678Z'));

    const [first] = await lab.snapshotVolumes({ namespace, claims: ['data'], snapshotName: 'run-1' });
    const pv = (await lab.volumesFor(namespace, ['data']))[0]!.volumeName!;
    expect(first).toEqual<VolumeSnapshot>({
      claim: { apiVersion: 'v1', kind: 'PersistentVolumeClaim', namespace, name: 'data' },
      volumeName: pv,
      snapshotVolume: `${pv}.snapshot`,
      path: join(site.dir, 'volumes', `${pv}.snapshot`),
      node: 'snapshot-node',
    });
    expect(await tree(first!.path)).toEqual(await tree(volume));
    expect((await tree(first!.path)).get('outside-link')).toEqual(expect.objectContaining({ type: 'link', link: '/etc/hostname' }));
    expect((await tree(first!.path)).get('secret.key')?.mode).toBe(0o600);

    const kept = await inodeOf(join(first!.path, 'db/base/16384/table'));
    const keptEmpty = await inodeOf(join(first!.path, 'empty'));
    const changedBefore = await inodeOf(join(first!.path, 'changing.conf'));
    await writeFile(join(volume, 'changing.conf'), 'max_connections = 200\n'); // same size, new content and mtime
    await writeFile(join(volume, 'db/new-file'), 'new');
    await rm(join(volume, 'doomed.log'));

    const [second] = await lab.snapshotVolumes({ namespace, claims: ['data'], snapshotName: 'run-2' });
    expect(second?.path).toBe(first?.path);
    const mirrored = await tree(second!.path);
    expect(mirrored).toEqual(await tree(volume));
    expect(mirrored.has('doomed.log')).toBe(false);
    expect(await readFile(join(second!.path, 'changing.conf'), 'utf8')).toBe('max_connections = 200\n');
    expect(await readFile(join(second!.path, 'db/new-file'), 'utf8')).toBe('new');
    expect(await inodeOf(join(second!.path, 'db/base/16384/table'))).toEqual(kept);
    expect(await inodeOf(join(second!.path, 'empty'))).toEqual(keptEmpty);
    expect((await inodeOf(join(second!.path, 'changing.conf'))).ino).not.toBe(changedBefore.ino);
  });

  it('refuses an unbound claim and a missing one, naming the claim and why', async () => {
    await lab.apply(
      {
        apiVersion: 'v1',
        kind: 'PersistentVolumeClaim',
        metadata: { name: 'pending', namespace },
        spec: { storageClassName: 'no-such-class', accessModes: ['ReadWriteOnce'], resources: { requests: { storage: '1Gi' } } },
      },
      { fieldManager: 'tandem' },
    );
    const unbound = await failure(lab.snapshotVolumes({ namespace, claims: ['pending'], snapshotName: 'run-3' }));
    expect(unbound.reason).toBe('Invalid');
    expect(unbound.message).toContain(`PersistentVolumeClaim ${namespace}/pending`);
    expect(unbound.message).toContain('not bound');
    const missing = await failure(lab.snapshotVolumes({ namespace, claims: ['data', 'nope'], snapshotName: 'run-3' }));
    expect(missing.reason).toBe('NotFound');
    expect(missing.message).toContain(`PersistentVolumeClaim ${namespace}/nope`);
    expect(missing.message).toContain('does not exist');
  });

  it('removes the capture with the volume when the claim is deleted', async () => {
    const volume = await boundClaim('scratch');
    await writeFile(join(volume, 'a'), 'a');
    const [capture] = await lab.snapshotVolumes({ namespace, claims: ['scratch'], snapshotName: 'scratch-1' });
    expect((await stat(capture!.path)).isDirectory()).toBe(true);
    await lab.delete({ apiVersion: 'v1', kind: 'PersistentVolumeClaim', namespace, name: 'scratch' });
    await eventually(async () => (await stat(volume).catch(() => undefined)) === undefined && (await stat(capture!.path).catch(() => undefined)) === undefined, 'the volume and its capture to be removed');
  });
});
