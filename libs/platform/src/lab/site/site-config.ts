import { readFile } from 'node:fs/promises';
import { SiteLayout } from './site-layout';

/** `site.json`: what a site is, fixed when it is created. */
export interface SiteConfig {
  /** The site's name (`Platform.site`). */
  name: string;
  /** The one node of the site: pods' `spec.nodeName`, volumes' node. */
  node: string;
  /** Labels of the node, which DaemonSets' node selectors are matched against. */
  nodeLabels: Record<string, string>;
  /** Delay before restarting a crashed container, doubling per crash up to `max` (Kubernetes: 10 s, 5 min). */
  restartBackoff: { initialMs: number; maxMs: number };
  /** The stretched storage domain the site shares with the other sites of its metro group (absolute), if any. */
  stretchedDir?: string;
  createdAt: string;
}

export const DEFAULT_RESTART_BACKOFF = { initialMs: 10_000, maxMs: 300_000 } as const;

export async function readSiteConfig(layout: SiteLayout): Promise<SiteConfig> {
  let text: string;
  try {
    text = await readFile(layout.configFile, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') {
      throw new Error(`${layout.root} is not a lab site (no site.json): create one with \`lab-site create ${layout.root}\``, { cause: error });
    }
    throw error;
  }
  const config = JSON.parse(text) as SiteConfig;
  return { ...config, restartBackoff: config.restartBackoff ?? { ...DEFAULT_RESTART_BACKOFF }, nodeLabels: config.nodeLabels ?? {} };
}

export async function readSiteToken(layout: SiteLayout): Promise<string> {
  return (await readFile(layout.tokenFile, 'utf8')).trim();
}
