import { lstat, readdir } from 'node:fs/promises';
import { join } from 'node:path';

export interface TreeSize {
  bytes: number;
  files: number;
}

/**
 * Bytes and regular files under a directory, symlinks not followed. Gives up (undefined) past `maxEntries`, so a
 * heartbeat never stalls on a huge volume; the size is then simply not reported.
 */
export async function treeSize(root: string, maxEntries = 100_000): Promise<TreeSize | undefined> {
  let entries = 0;
  const total: TreeSize = { bytes: 0, files: 0 };
  const stack = [root];
  while (stack.length > 0) {
    const dir = stack.pop()!;
    const children = await readdir(dir, { withFileTypes: true }).catch(() => []);
    for (const child of children) {
      if (++entries > maxEntries) return undefined;
      const path = join(dir, child.name);
      if (child.isDirectory()) stack.push(path);
      else if (child.isFile()) {
        const s = await lstat(path).catch(() => undefined);
        if (s) {
          total.bytes += s.size;
          total.files += 1;
        }
      }
    }
  }
  return total;
}
