import type { Platform } from '@tandem/platform';
import type { ClusterPair } from '@tandem/resources';
import { latenciesOf } from '../domains/domain-observations.store';
import { listProtectedApplications } from '../protected/protected-applications.store';
import type { Sql } from './cluster-pairs.store';
import { metroStatus, type MetroStatus, type NamespaceVolumes, newestRoundTrip, type RoundTrip } from './metro-status';
import type { PairChecker } from './pair-checker';
import { describeError, withTimeout } from './with-timeout';

export interface MetroCheckerOptions {
  localDomain: string;
  limitMs: number;
  timeoutMs?: number;
}

/**
 * Gathers what the metro rule (metro-status.ts) needs for a sync pair: the newest round trip between this site's
 * domain and the pair's destination domain, and the claims of the namespaces protected over the pair, here and on
 * the destination (opened through the pair's access).
 */
export class MetroChecker {
  private readonly timeoutMs: number;

  constructor(
    private readonly db: Sql,
    private readonly site: Platform,
    private readonly checker: PairChecker,
    private readonly options: MetroCheckerOptions,
  ) {
    this.timeoutMs = options.timeoutMs ?? 3_000;
  }

  async status(pair: ClusterPair): Promise<MetroStatus> {
    const peerDomain = pair.destination.clusterDomain ?? pair.metadata.name;
    const { localDomain, limitMs } = this.options;
    const [latencies, namespaces] = await Promise.all([latenciesOf(this.db), this.protectedNamespaces(pair, peerDomain)]);
    const measurements: RoundTrip[] = [...latencies].map(([domain, seen]) => ({ ...seen, domain }));
    const roundTrip = newestRoundTrip(measurements, localDomain, peerDomain);
    return metroStatus({ localDomain, peerDomain, limitMs, ...(roundTrip ? { roundTrip } : {}), volumes: await this.volumes(pair, namespaces) });
  }

  /**
   * The namespaces of the applications protected over the pair, as this site knows them: those whose schedule names
   * the pair (in its namespace), or that are protected between this site's domain and the pair's destination domain.
   */
  private async protectedNamespaces(pair: ClusterPair, peerDomain: string): Promise<string[]> {
    const applications = await listProtectedApplications(this.db);
    const over = applications.filter(
      (app) => app.namespace === pair.metadata.namespace && (app.clusterPair === pair.metadata.name || app.sourceDomain === peerDomain || app.destinationDomain === peerDomain),
    );
    return [...new Set(over.flatMap((app) => app.namespaces))].sort();
  }

  private async volumes(pair: ClusterPair, namespaces: string[]): Promise<NamespaceVolumes[]> {
    if (namespaces.length === 0) return [];
    const here = await Promise.all(namespaces.map((ns) => withTimeout(this.site.volumesFor(ns), this.timeoutMs, 'this site')));
    const opened = await this.checker.openDestination(pair);
    if (!opened.ok) return namespaces.map((namespace, i) => ({ namespace, here: here[i]!, there: { unreachable: opened.reason } }));
    try {
      return await Promise.all(
        namespaces.map(async (namespace, i) => {
          try {
            return { namespace, here: here[i]!, there: await withTimeout(opened.platform.volumesFor(namespace), this.timeoutMs, `the destination's platform`) };
          } catch (error) {
            return { namespace, here: here[i]!, there: { unreachable: describeError(error) } };
          }
        }),
      );
    } finally {
      await opened.platform.close().catch(() => undefined);
    }
  }
}
