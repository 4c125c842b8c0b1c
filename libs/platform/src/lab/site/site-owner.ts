import { rm } from 'node:fs/promises';
import { isAlive, readProcStat } from '../kubelet/proc-stat';
import { readJsonFile, writeFileAtomic } from '../util/atomic-file';
import type { SiteLayout } from './site-layout';

interface Owner {
  pid: number;
  startTicks: string;
}

/** Claims the site for this process (`state/owner.json`): two servers on one site would run every pod twice. */
export async function claimSite(layout: SiteLayout, siteName: string): Promise<void> {
  const owner = await readJsonFile<Owner>(layout.ownerFile);
  if (owner && owner.pid !== process.pid && isAlive(owner.pid, owner.startTicks)) {
    throw new Error(`lab site ${siteName} (${layout.root}) is already open in process ${owner.pid}: stop that process (or its server) first`);
  }
  await writeFileAtomic(layout.ownerFile, JSON.stringify({ pid: process.pid, startTicks: readProcStat(process.pid)?.startTicks ?? '' }));
}

export async function releaseSite(layout: SiteLayout): Promise<void> {
  const owner = await readJsonFile<Owner>(layout.ownerFile);
  if (owner?.pid === process.pid) await rm(layout.ownerFile, { force: true });
}
