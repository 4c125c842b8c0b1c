import { createHash } from 'node:crypto';
import { lstat, readdir, readFile, readlink } from 'node:fs/promises';
import { join, relative } from 'node:path';

/**
 * What a directory tree holds, path by path: `dir <mode>`, `file <mode> <sha256>` or `link <target>`. Two trees
 * with equal digests hold the same data (for comparing a restore with its source).
 */
export async function treeDigest(root: string): Promise<Record<string, string>> {
  const out: Record<string, string> = {};
  const walk = async (dir: string): Promise<void> => {
    for (const name of (await readdir(dir)).sort()) {
      const path = join(dir, name);
      const rel = relative(root, path);
      const s = await lstat(path);
      const mode = (s.mode & 0o7777).toString(8);
      if (s.isSymbolicLink()) out[rel] = `link ${await readlink(path)}`;
      else if (s.isDirectory()) {
        out[rel] = `dir ${mode}`;
        await walk(path);
      } else out[rel] = `file ${mode} ${createHash('sha256').update(await readFile(path)).digest('hex')}`;
    }
  };
  await walk(root);
  return out;
}

/** Regular files under `root` (recursively) with their inode, modification time and size. */
export async function fileStats(root: string): Promise<Map<string, { ino: number; mtimeMs: number; size: number }>> {
  const out = new Map<string, { ino: number; mtimeMs: number; size: number }>();
  const walk = async (dir: string): Promise<void> => {
    const entries = await readdir(dir, { withFileTypes: true }).catch(() => []);
    for (const e of entries) {
      const path = join(dir, e.name);
      if (e.isDirectory()) await walk(path);
      else if (e.isFile() && !e.name.includes('.tmp-')) {
        const s = await lstat(path).catch(() => undefined);
        if (s) out.set(relative(root, path), { ino: s.ino, mtimeMs: s.mtimeMs, size: s.size });
      }
    }
  };
  await walk(root);
  return out;
}
