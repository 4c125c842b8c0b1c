import { readFileSync } from 'node:fs';
import { chown, lstat, readdir, stat } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { numberAt } from '../util/json-value';
import { PodConfigError } from './pod-config.error';

/** The OS user a container's process runs as. */
export interface RunIdentity {
  uid: number;
  gid: number;
}

/**
 * The uid/gid a container asks for (container securityContext over the pod's; the group defaults to fsGroup,
 * then to 0 as in Kubernetes). Only a site running as root can switch users; otherwise processes run as the
 * site's own user and this is undefined.
 */
export function runIdentityOf(podSpec: unknown, container: unknown): RunIdentity | undefined {
  if (process.getuid?.() !== 0) return undefined;
  const uid = numberAt(container, 'securityContext', 'runAsUser') ?? numberAt(podSpec, 'securityContext', 'runAsUser');
  const gid = numberAt(container, 'securityContext', 'runAsGroup') ?? numberAt(podSpec, 'securityContext', 'runAsGroup') ?? numberAt(podSpec, 'securityContext', 'fsGroup');
  if (uid === undefined && gid === undefined) return undefined;
  return { uid: uid ?? 0, gid: gid ?? 0 };
}

/** HOME for a user, from /etc/passwd (`/` when the user has no entry, as in a container image). */
export function homeOf(uid: number): string {
  try {
    for (const line of readFileSync('/etc/passwd', 'utf8').split('\n')) {
      const fields = line.split(':');
      if (Number(fields[2]) === uid && fields[5]) return fields[5];
    }
  } catch {
    // No passwd file: fall through.
  }
  return '/';
}

/**
 * Hands a volume directory to the user the container runs as (like fsGroupChangePolicy OnRootMismatch: the
 * whole tree is changed only when its root is not theirs yet), after checking that they can reach it.
 */
export async function handOver(dir: string, identity: RunIdentity): Promise<void> {
  await checkReachable(dir, identity);
  const root = await stat(dir);
  if (root.uid === identity.uid && root.gid === identity.gid) return;
  await chownTree(dir, identity);
}

async function chownTree(path: string, identity: RunIdentity): Promise<void> {
  const info = await lstat(path);
  if (info.isSymbolicLink()) return;
  await chown(path, identity.uid, identity.gid);
  if (!info.isDirectory()) return;
  for (const entry of await readdir(path)) await chownTree(join(path, entry), identity);
}

/** Every parent of `dir` must let the user through (search permission), or the process cannot open its volume. */
async function checkReachable(dir: string, identity: RunIdentity): Promise<void> {
  for (let parent = dirname(dir); ; parent = dirname(parent)) {
    const info = await stat(parent);
    const mode = info.mode;
    const allowed = identity.uid === 0 || (info.uid === identity.uid ? mode & 0o100 : info.gid === identity.gid ? mode & 0o010 : mode & 0o001);
    if (!allowed) {
      throw new PodConfigError(
        'CreateContainerError',
        `the container runs as uid ${identity.uid}, which cannot reach ${dir}: ${parent} is closed to it (mode ${(mode & 0o777).toString(8)}). ` +
          'Put the lab site in a directory whose parents other users may traverse (chmod o+x), or create the site directly in a fresh temp directory',
      );
    }
    if (dirname(parent) === parent) return;
  }
}
