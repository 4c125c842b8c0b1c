import type { DataSource } from 'typeorm';
import type { JsonLogger } from '@tandem/observability';
import { listApplications } from '../recovery-points/recovery-points.store';
import { rpoSeconds } from '../replication.metrics';

/**
 * Makes `tandem_rpo_seconds` computed at scrape time from the committed recovery points (prom-client calls a
 * gauge's `collect` before each scrape reads it), so every replica serves the same, current value. When the
 * database cannot be read, the last values are kept and the failure logged.
 */
export function collectRpoAtScrape(db: DataSource, logger: JsonLogger): void {
  const gauge = rpoSeconds();
  const collect = async (): Promise<void> => {
    try {
      const applications = await listApplications(db);
      gauge.reset();
      for (const a of applications) gauge.set({ namespace: a.namespace, schedule: a.schedule, cluster_pair: a.clusterPair }, a.rpoSeconds);
    } catch (err) {
      logger.warn('RPOs could not be read for /metrics; serving the last values', { reason: (err as Error).message });
    }
  };
  Object.assign(gauge, { collect });
}
