import { createLogger, initTracing } from '@tandem/observability';
import { MESSAGING_MIGRATIONS } from '@tandem/persistence';
import { openPlatform } from '@tandem/platform';
import { bootstrapService, startServiceRuntime } from '@tandem/service';
import { loadConfig } from './config';
import { ensureDomains } from './domains/domains.store';
import { FailoverModule } from './failover.module';
import { Failover1764201600000 } from './migrations/1764201600000-failover.migration';
import { FailoverDomainStatus1764900000000 } from './migrations/1764900000000-failover-domain-status.migration';
import { FailoverOperations1765300000000 } from './migrations/1765300000000-failover-operations.migration';
import { PairChecker } from './pairs/pair-checker';
import { SourceSite } from './source/source-site';

async function main(): Promise<void> {
  const config = loadConfig();
  const tracing = initTracing({ service: 'failover', otlpEndpoint: config.otlpEndpoint, spansFile: config.spansFile });
  const logger = createLogger('failover', { level: config.logLevel });
  const site = await openPlatform(config.platform);
  const runtime = await startServiceRuntime({
    name: 'failover',
    config,
    migrations: [...MESSAGING_MIGRATIONS, Failover1764201600000, FailoverDomainStatus1764900000000, FailoverOperations1765300000000],
    logger,
    // The commands scoped to this site's domain (prepare and restore the source of a failover) are this instance's.
    scope: config.domain,
  });
  await ensureDomains(runtime.db, [config.domain]);
  const checker = new PairChecker(site, { secretsDir: config.agentSecretsDir });
  const source = new SourceSite(
    site,
    {
      domain: config.domain,
      ...(config.schedulerUrl ? { schedulerUrl: config.schedulerUrl } : {}),
      ...(config.coordinatorUrl ? { coordinatorUrl: config.coordinatorUrl } : {}),
    },
    logger,
  );
  await bootstrapService({
    name: 'failover',
    module: FailoverModule.forRoot(runtime, config, checker, site, source),
    port: config.httpPort,
    host: config.httpHost,
    microservices: [runtime.transport],
    openapi: {
      title: 'Tandem failover',
      version: '1',
      description:
        'Cluster pairs (Stork or Tandem YAML), checked and resolved for migrations; the cluster domains this site knows; the applications protected to this site, and failing them over to it.',
    },
    logger,
    tracing,
  });
}

main().catch((err: unknown) => {
  createLogger('failover').fatal('failover could not start', { err });
  process.exit(1);
});
