import { randomBytes } from 'node:crypto';
import { link, mkdir, open, readdir, readFile, rename, rm, stat } from 'node:fs/promises';
import { dirname, join, relative, sep } from 'node:path';
import { errnoCode, fsErrorClassifier } from './fs.errors';
import { checkKey, checkRange, ObjectInfo, ObjectNotFoundError, ObjectStore } from './object-store.port';
import { StoreCallOptions, StoreCallRunner } from './store-call.runner';

/**
 * Objects as files under a root directory. Writes go to a temporary file that is fsynced and then renamed
 * (or hard-linked, for `ifAbsent`) into place, so a reader never sees half an object and a crash leaves
 * either the old state or the new one.
 */
export class FsObjectStore implements ObjectStore {
  readonly kind = 'fs' as const;
  readonly location: string;
  private readonly calls: StoreCallRunner;

  constructor(
    private readonly root: string,
    options: StoreCallOptions = {},
  ) {
    this.location = `file://${root}`;
    this.calls = new StoreCallRunner(this, fsErrorClassifier(root), options);
  }

  private path(key: string): string {
    return join(this.root, ...checkKey(key).split('/'));
  }

  async put(key: string, data: Uint8Array, opts: { ifAbsent?: boolean } = {}): Promise<{ written: boolean }> {
    const file = this.path(key);
    return this.calls.run('put', key, () => this.write(file, data, opts.ifAbsent === true));
  }

  private async write(file: string, data: Uint8Array, ifAbsent: boolean): Promise<{ written: boolean }> {
    await mkdir(dirname(file), { recursive: true });
    const tmp = `${file}.tmp-${randomBytes(6).toString('hex')}`;
    try {
      const fh = await open(tmp, 'wx');
      try {
        await fh.writeFile(data);
        await fh.sync();
      } finally {
        await fh.close();
      }
      let written = true;
      if (ifAbsent) {
        // link() fails if the name exists: atomic "create if absent"; the temporary name is removed below
        written = await link(tmp, file).then(
          () => true,
          (err: unknown) => (errnoCode(err) === 'EEXIST' ? false : Promise.reject(err)),
        );
      } else {
        await rename(tmp, file);
      }
      if (written) await syncDir(dirname(file)); // the new name survives a crash too
      return { written };
    } finally {
      await rm(tmp, { force: true });
    }
  }

  async get(key: string): Promise<Uint8Array> {
    const file = this.path(key);
    return this.calls.run('get', key, async () => {
      try {
        return await readFile(file);
      } catch (err) {
        if (errnoCode(err) === 'ENOENT') throw new ObjectNotFoundError(key, this.location);
        throw err;
      }
    });
  }

  async getRange(key: string, offset: number, length: number): Promise<Uint8Array> {
    const file = this.path(key);
    checkRange(offset, length);
    return this.calls.run('get', key, async () => {
      let fh;
      try {
        fh = await open(file, 'r');
      } catch (err) {
        if (errnoCode(err) === 'ENOENT') throw new ObjectNotFoundError(key, this.location);
        throw err;
      }
      try {
        const buf = Buffer.allocUnsafe(length);
        let filled = 0;
        while (filled < length) {
          const { bytesRead } = await fh.read(buf, filled, length - filled, offset + filled);
          if (bytesRead === 0) break; // the object ends here
          filled += bytesRead;
        }
        return filled === length ? buf : buf.subarray(0, filled);
      } finally {
        await fh.close();
      }
    });
  }

  async head(key: string): Promise<ObjectInfo | undefined> {
    const file = this.path(key);
    return this.calls.run('head', key, async () => {
      try {
        const s = await stat(file);
        return { key, size: s.size, modified: s.mtime };
      } catch (err) {
        if (errnoCode(err) === 'ENOENT') return undefined;
        throw err;
      }
    });
  }

  async *list(prefix: string): AsyncIterable<ObjectInfo> {
    const calls = this.calls;
    const walk = async function* (dir: string, root: string): AsyncIterable<ObjectInfo> {
      const entries = await calls.run('list', prefix, async () => {
        try {
          return await readdir(dir, { withFileTypes: true });
        } catch (err) {
          if (errnoCode(err) === 'ENOENT' || errnoCode(err) === 'ENOTDIR') return [];
          throw err;
        }
      });
      entries.sort((a, b) => (a.name < b.name ? -1 : 1));
      for (const e of entries) {
        const full = join(dir, e.name);
        if (e.isDirectory()) yield* walk(full, root);
        else if (e.isFile() && !e.name.includes('.tmp-')) {
          const s = await stat(full).catch(() => undefined);
          if (s) yield { key: relative(root, full).split(sep).join('/'), size: s.size, modified: s.mtime };
        }
      }
    };
    // Start at the deepest directory the prefix names, not at the root: listing one volume's manifests must not
    // walk every chunk of the store.
    const dir = prefix.includes('/') ? prefix.slice(0, prefix.lastIndexOf('/')) : '';
    const start = dir === '' ? this.root : this.path(dir);
    for await (const info of walk(start, this.root)) if (info.key.startsWith(prefix)) yield info;
  }

  async delete(key: string): Promise<void> {
    const file = this.path(key);
    await this.calls.run('delete', key, () => rm(file, { force: true }));
  }

  async close(): Promise<void> {}
}

async function syncDir(dir: string): Promise<void> {
  const handle = await open(dir, 'r');
  try {
    await handle.sync();
  } finally {
    await handle.close();
  }
}
