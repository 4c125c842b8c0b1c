import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { isExecutable } from './executable.util';
import { executableSearchPath } from './testing.config';

const DEBIAN_ROOT = '/usr/lib/postgresql';
const NEEDED = ['initdb', 'pg_ctl'];

/**
 * The directory holding initdb and pg_ctl: the first on PATH that has both, else the newest
 * /usr/lib/postgresql/<major>/bin (Debian keeps them off PATH).
 */
export function postgresBinDir(): string {
  const found = [...executableSearchPath(), ...debianBinDirs()].find((dir) => NEEDED.every((name) => isExecutable(join(dir, name))));
  if (!found) {
    throw new Error(
      `initdb and pg_ctl were found neither on PATH nor in ${DEBIAN_ROOT}/*/bin; ` +
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
