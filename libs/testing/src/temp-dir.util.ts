import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** A new empty directory under the OS temp dir, named `tandem-<prefix>-XXXXXX`. The caller removes it. */
export function tempDir(prefix: string): Promise<string> {
  const clean = prefix.replace(/[^A-Za-z0-9_.-]+/g, '-').replace(/-+$/, '');
  return mkdtemp(join(tmpdir(), `tandem-${clean}-`));
}
