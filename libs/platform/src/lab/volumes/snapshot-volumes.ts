import { basename, dirname, resolve } from 'node:path';
import { PlatformError } from '../../platform.errors';
import type { SnapshotVolumesRequest, VolumeBinding, VolumeSnapshot } from '../../platform.port';
import type { ObjectApi } from '../api/object-api';
import type { SiteConfig } from '../site/site-config';
import type { SiteLayout } from '../site/site-layout';
import { volumeBindings } from '../site/volume-bindings';
import { Kinds } from '../types/builtin-types';
import { mirrorTree } from './volume-mirror';

/** The suffix of a volume's capture: `volumes/<pv>.snapshot`, beside `volumes/<pv>`. */
export const SNAPSHOT_SUFFIX = '.snapshot';
const SNAPSHOT_NAME = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;

/** The capture directory of the volume at `path`. */
export function snapshotDirOf(path: string): string {
  return `${path}${SNAPSHOT_SUFFIX}`;
}

/**
 * Captures the bound volume of each claim into its mirror `volumes/<pv>.snapshot`, updated incrementally (see
 * `mirrorTree`). Every claim is checked before any volume is touched: a missing claim is `NotFound`, an unbound
 * one, or one whose volume the agents cannot reach by name, `Invalid`.
 */
export async function snapshotVolumes(api: ObjectApi, layout: SiteLayout, config: SiteConfig, request: SnapshotVolumesRequest): Promise<VolumeSnapshot[]> {
  if (!SNAPSHOT_NAME.test(request.snapshotName)) {
    throw new PlatformError('Invalid', `snapshotName ${JSON.stringify(request.snapshotName)} must be a DNS label: lower-case letters, digits and '-', starting and ending with a letter or digit`);
  }
  if (request.claims.length === 0) return [];
  const claims = [...new Set(request.claims)];
  for (const name of claims) {
    if (!api.find(Kinds.pvc, request.namespace, name)) {
      const ref = { apiVersion: 'v1', kind: 'PersistentVolumeClaim', namespace: request.namespace, name };
      throw new PlatformError('NotFound', `cannot be captured for snapshot ${request.snapshotName}: the claim does not exist; name the claims of the application (list its PersistentVolumeClaims)`, { ref });
    }
  }
  const bindings = volumeBindings(api, config, request.namespace, claims);
  const volumesDir = resolve(layout.volumesDir);
  const targets = bindings.map((binding) => checked(binding, volumesDir, request.snapshotName));
  return Promise.all(
    targets.map(async ({ binding, path }) => {
      const snapshotPath = snapshotDirOf(path);
      await mirrorTree(path, snapshotPath).catch((error: NodeJS.ErrnoException) => {
        if (error.code !== 'ENOENT') throw error;
        throw new PlatformError('NotFound', `cannot be captured for snapshot ${request.snapshotName}: the directory ${path} of its volume ${binding.volumeName} does not exist`, { ref: binding.claim, cause: error });
      });
      return { claim: binding.claim, volumeName: binding.volumeName as string, snapshotVolume: basename(snapshotPath), path: snapshotPath, node: config.node };
    }),
  );
}

function checked(binding: VolumeBinding, volumesDir: string, snapshotName: string): { binding: VolumeBinding; path: string } {
  const why = `cannot be captured for snapshot ${snapshotName}`;
  if (binding.unavailableReason !== undefined || binding.path === undefined) {
    throw new PlatformError('Invalid', `${why}: ${binding.unavailableReason ?? 'its volume has no path'}; wait until it is bound, or leave it out`, { ref: binding.claim });
  }
  const path = resolve(binding.path);
  if (dirname(path) !== volumesDir) {
    throw new PlatformError('Invalid', `${why}: its volume ${binding.volumeName} is at ${path}, outside the site's volumes directory ${volumesDir}, so no agent could read the capture by name`, { ref: binding.claim });
  }
  if (path.endsWith(SNAPSHOT_SUFFIX)) {
    throw new PlatformError('Invalid', `${why}: its volume ${binding.volumeName} is at ${path}, a capture of another volume (*${SNAPSHOT_SUFFIX}), not a volume of its own`, { ref: binding.claim });
  }
  return { binding, path };
}
