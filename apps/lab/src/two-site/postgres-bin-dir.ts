import { accessSync, constants, readdirSync } from 'node:fs';
import { join } from 'node:path';

const DEBIAN_ROOT = '/usr/lib/postgresql';
const NEEDED = ['initdb', 'postgres', 'pg_ctl'];

/**
 * The directory holding the PostgreSQL server binaries (initdb, postgres, pg_ctl): the first of `searchPath` (the
 * directories of PATH) that has them all, else the newest /usr/lib/postgresql/<major>/bin (Debian keeps them off PATH).
 */
export function findPostgresBinDir(searchPath: string[]): string {
  const found = [...searchPath, ...debianBinDirs()].find((dir) => NEEDED.every((name) => isExecutable(join(dir, name))));
  if (!found) {
    throw new Error(
      `${NEEDED.join(', ')} were found neither on PATH nor in ${DEBIAN_ROOT}/*/bin; ` +
        'install the PostgreSQL server (Debian: apt-get install postgresql) or put its bin directory on PATH',
    );
  }
  return found;
}

function debianBinDirs(): string[] {
  try {
    return readdirSync(DEBIAN_ROOT)
      .filter((major) => /^\d+(\.\d+)?$/.test(major))
      .sort((a, b) => Number(b) - Number(a))
      .map((major) => join(DEBIAN_ROOT, major, 'bin'));
  } catch {
    return [];
  }
}

function isExecutable(path: string): boolean {
  try {
    accessSync(path, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}
