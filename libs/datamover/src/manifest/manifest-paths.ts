import { posix } from 'node:path';
import { UnsafePathError } from '../datamover.errors';
import { Manifest, ManifestEntry } from './manifest.model';

/**
 * Checks that a manifest can only write inside the volume: every path is relative and has no `.`/`..`/empty
 * segment, each entry's parent is a directory listed before it (so nothing is ever written through a symlink),
 * paths are unique, and symlink targets are relative and stay inside the volume when resolved lexically from
 * the link's directory. Also checks that files' chunk sizes add up to their size. Throws `UnsafePathError`.
 */
export function assertSafeTree(manifest: Manifest): void {
  const types = new Map<string, ManifestEntry['type']>();
  manifest.entries.forEach((entry, index) => {
    const { path } = entry;
    if (index === 0) {
      if (path !== '.' || entry.type !== 'dir') throw new UnsafePathError(path, 'the first entry must be the root directory "."');
      types.set('.', 'dir');
      return;
    }
    assertSafeRelativePath(path);
    if (types.has(path)) throw new UnsafePathError(path, 'the path appears twice');
    const parent = posix.dirname(path);
    if (types.get(parent) !== 'dir') throw new UnsafePathError(path, `its parent "${parent}" is not a directory listed before it`);
    types.set(path, entry.type);
    if (entry.type === 'symlink') assertSafeLinkTarget(path, entry.target ?? '');
    if (entry.type === 'file') {
      const sum = (entry.chunks ?? []).reduce((n, c) => n + c.size, 0);
      if (sum !== entry.size) throw new UnsafePathError(path, `its chunks add up to ${sum} bytes, not its size ${entry.size}`);
    }
  });
}

export function assertSafeRelativePath(path: string): void {
  if (path.length === 0) throw new UnsafePathError(path, 'the path is empty');
  if (path.startsWith('/')) throw new UnsafePathError(path, 'the path is absolute');
  if (path.includes('\0')) throw new UnsafePathError(path, 'the path contains a NUL byte');
  for (const segment of path.split('/')) {
    if (segment === '..') throw new UnsafePathError(path, 'the path contains ".."');
    if (segment === '' || segment === '.') throw new UnsafePathError(path, 'the path has an empty or "." segment');
  }
}

export function assertSafeLinkTarget(path: string, target: string): void {
  if (target.length === 0) throw new UnsafePathError(path, 'the symlink has an empty target');
  if (target.includes('\0')) throw new UnsafePathError(path, 'the symlink target contains a NUL byte');
  if (target.startsWith('/')) throw new UnsafePathError(path, `the symlink points to the absolute path "${target}", outside the volume`);
  const resolved = posix.normalize(posix.join(posix.dirname(path), target));
  if (resolved === '..' || resolved.startsWith('../')) {
    throw new UnsafePathError(path, `the symlink target "${target}" points outside the volume`);
  }
}
