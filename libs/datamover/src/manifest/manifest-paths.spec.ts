import { DEFAULT_CHUNKER_PARAMS } from '../chunking/chunker-params';
import { UnsafePathError } from '../datamover.errors';
import { assertSafeTree } from './manifest-paths';
import { Manifest, ManifestEntry } from './manifest.model';

const dir = (path: string): ManifestEntry => ({ path, type: 'dir', mode: 0o755, uid: 0, gid: 0, size: 0, mtimeNs: '0' });
const link = (path: string, target: string): ManifestEntry => ({ ...dir(path), type: 'symlink', target, size: target.length });
const file = (path: string): ManifestEntry => ({ ...dir(path), type: 'file', chunks: [] });

function manifest(...entries: ManifestEntry[]): Manifest {
  return {
    format: 'tandem-manifest', version: 2, repositoryId: 'r', volume: 'v', recoveryPointId: 'x', createdAt: '',
    chunker: DEFAULT_CHUNKER_PARAMS, entries: [dir('.'), ...entries], totals: { files: 0, dirs: 0, symlinks: 0, bytes: 0, chunks: 0 },
  };
}

describe('manifest path safety', () => {
  it('accepts a normal tree with links that stay inside', () => {
    expect(() => assertSafeTree(manifest(dir('a'), file('a/f'), link('a/l', '../a/f'), link('top', 'a/./f')))).not.toThrow();
  });

  it.each([
    ['an absolute path', [file('/etc/passwd')], 'the path is absolute'],
    ['a .. segment', [dir('a'), file('a/../../x')], 'contains ".."'],
    ['an empty segment', [dir('a'), file('a//x')], 'empty or "." segment'],
    ['a parent that is a symlink', [link('l', '.'), file('l/x')], 'is not a directory listed before it'],
    ['a missing parent', [file('nowhere/x')], 'is not a directory listed before it'],
    ['a duplicate', [file('x'), file('x')], 'appears twice'],
    ['a symlink to an absolute path', [link('l', '/etc')], 'absolute path "/etc", outside the volume'],
    ['a symlink climbing out', [dir('a'), link('a/l', '../../etc')], 'points outside the volume'],
    ['chunks that do not add up', [{ ...file('x'), size: 5 }], 'add up to 0 bytes, not its size 5'],
  ])('refuses %s', (_name, entries, message) => {
    expect(() => assertSafeTree(manifest(...(entries as ManifestEntry[])))).toThrow(UnsafePathError);
    expect(() => assertSafeTree(manifest(...(entries as ManifestEntry[])))).toThrow(message as string);
  });

  it('requires the root first', () => {
    expect(() => assertSafeTree({ ...manifest(), entries: [file('x')] })).toThrow('root directory');
  });
});
