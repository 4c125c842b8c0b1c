import { randomBytes } from 'node:crypto';
import { link, mkdir, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { readJsonFile } from '../util/atomic-file';

/**
 * The lab's stand-in for a storage layer stretched across cluster domains: a directory shared by the sites of one
 * metro group (`SiteConfig.stretchedDir`), in which every volume of the class `lab-stretched` lives, so that the
 * same claim on any site of the group reaches the same files.
 */
export const LAB_STRETCHED_PROVISIONER = 'lab.tandem.dev/stretched';
export const LAB_STRETCHED_STORAGE_CLASS = 'lab-stretched';

const MAX_VOLUME_NAME = 253;

/** Which site made a stretched volume, for which claim: `<stretchedDir>/volumes/<pv>.json`, beside the volume. */
export interface StretchedVolumeMarker {
  volume: string;
  namespace: string;
  claim: string;
  createdBy: string;
  createdAt: string;
}

export const stretchedVolumesDir = (stretchedDir: string): string => join(stretchedDir, 'volumes');

/** The PersistentVolume (and directory) name of a claim's stretched volume, the same on every site of the group. */
export const stretchedVolumeName = (namespace: string, claim: string): string => `stretched-${namespace}-${claim}`;

export type StretchedVolume = { ok: true; path: string; marker: StretchedVolumeMarker } | { ok: false; reason: string };

/**
 * The directory of a claim's stretched volume, made on first use with its marker naming the site that made it; an
 * existing directory is reused as it is (never emptied), whichever site made it. Two claims whose names give the
 * same volume name (`a-b`/`c` and `a`/`b-c`) cannot share it: the second is refused with the reason.
 */
export async function provideStretchedVolume(stretchedDir: string, claim: { namespace: string; name: string }, site: string): Promise<StretchedVolume> {
  const volume = stretchedVolumeName(claim.namespace, claim.name);
  if (volume.length > MAX_VOLUME_NAME) {
    return { ok: false, reason: `the stretched volume name ${volume.slice(0, 40)}… is longer than ${MAX_VOLUME_NAME} characters: shorten the claim's name` };
  }
  const dir = stretchedVolumesDir(stretchedDir);
  const path = join(dir, volume);
  const markerFile = join(dir, `${volume}.json`);
  const wanted: StretchedVolumeMarker = { volume, namespace: claim.namespace, claim: claim.name, createdBy: site, createdAt: new Date().toISOString() };
  const marker = (await readJsonFile<StretchedVolumeMarker>(markerFile)) ?? (await createMarker(markerFile, wanted));
  if (marker.namespace !== claim.namespace || marker.claim !== claim.name) {
    return { ok: false, reason: `stretched volume ${volume} belongs to claim ${marker.namespace}/${marker.claim} (made by site ${marker.createdBy}): rename claim ${claim.namespace}/${claim.name}` };
  }
  await mkdir(path, { recursive: true, mode: 0o755 });
  return { ok: true, path, marker };
}

/** Writes the marker unless another site wrote one first (a hard link is created atomically or not at all). */
async function createMarker(file: string, marker: StretchedVolumeMarker): Promise<StretchedVolumeMarker> {
  const temp = `${file}.${randomBytes(6).toString('hex')}.tmp`;
  await writeFile(temp, `${JSON.stringify(marker, null, 2)}\n`, { mode: 0o644 });
  try {
    await link(temp, file);
    return marker;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    return (await readJsonFile<StretchedVolumeMarker>(file)) ?? marker;
  } finally {
    await rm(temp, { force: true });
  }
}
