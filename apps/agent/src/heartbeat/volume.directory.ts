import { lstat, mkdir, readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { volumeName } from '@tandem/contracts';
import { InvalidInputError } from '@tandem/service';

/** The trees a restore builds beside a volume and the old tree it swaps out: not volumes themselves. */
const RESTORE_LEFTOVER = /\.tandem-(restore|old)-/;

export interface ReachableVolume {
  name: string;
  path: string;
}

/**
 * The volumes this agent can reach: each subdirectory of one directory is a volume (the lab's layout; on
 * Kubernetes the platform adapter maps PVCs to such directories). A volume is named, never addressed by path, so a
 * command cannot make the agent read or write outside this directory.
 */
export class VolumeDirectory {
  constructor(
    readonly root: string,
    private readonly node: string,
  ) {}

  async ensure(): Promise<void> {
    await mkdir(this.root, { recursive: true });
  }

  async list(): Promise<ReachableVolume[]> {
    const entries = await readdir(this.root, { withFileTypes: true }).catch((err: NodeJS.ErrnoException) => {
      if (err.code === 'ENOENT') return [];
      throw err;
    });
    return entries
      .filter((e) => e.isDirectory() && volumeName.parse(e.name).ok && !RESTORE_LEFTOVER.test(e.name))
      .map((e) => ({ name: e.name, path: join(this.root, e.name) }))
      .sort((a, b) => (a.name < b.name ? -1 : 1));
  }

  /** Where volume `name` is (or would be, for a restore target); refuses names that are not plain names. */
  pathOf(name: string): string {
    const checked = volumeName.parse(name, 'volume');
    if (!checked.ok) throw new InvalidInputError(`${checked.reason}: a volume is named by one directory name, never a path`);
    if (RESTORE_LEFTOVER.test(name)) throw new InvalidInputError(`volume name ${name} is reserved for the trees a restore builds beside a volume: choose another`);
    return join(this.root, name);
  }

  /** The path of an existing volume, or an error naming the volumes this agent does reach. */
  async reachable(name: string): Promise<string> {
    const path = this.pathOf(name);
    const s = await lstat(path).catch(() => undefined);
    if (s?.isDirectory()) return path;
    const known = (await this.list()).map((v) => v.name);
    throw new InvalidInputError(
      `volume ${name} is not reachable by the agent on node ${this.node}: there is no directory ${path}. ` +
        `It reaches ${known.length > 0 ? known.join(', ') : 'no volume'} (TANDEM_AGENT_VOLUMES_DIR=${this.root}); ` +
        'send the command to the node that has the volume, or mount it there.',
    );
  }
}
