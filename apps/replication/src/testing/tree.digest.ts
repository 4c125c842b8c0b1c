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
