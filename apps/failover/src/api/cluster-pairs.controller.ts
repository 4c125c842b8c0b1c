import { Controller, Delete, Get, Header, HttpCode, Inject, Param, Post, Query } from '@nestjs/common';
import { ApiOperation, ApiProduces, ApiQuery, ApiTags } from '@nestjs/swagger';
import type { Platform } from '@tandem/platform';
import { NotFoundError, SERVICE_RUNTIME, type ServiceRuntime } from '@tandem/service';
import type { FailoverConfig } from '../config';
import { deletePair, findPair, listPairs, type PairRecord, recordStatus } from '../pairs/cluster-pairs.store';
import { generateClusterPair, type SiteAccess } from '../pairs/generate-pair';
import { MetroChecker } from '../pairs/metro-checker';
import { metroLatencyLimitOf } from '../pairs/metro-latency-limit';
import type { MetroStatus } from '../pairs/metro-status';
import type { PairChecker } from '../pairs/pair-checker';
import { describeError } from '../pairs/with-timeout';
import { FAILOVER_CONFIG, PAIR_CHECKER, SITE_PLATFORM } from '../tokens';
import { nameParam, namespaceParam, pairRefParam } from './request-params';
import { pairView } from './views';

const notFound = (ref: { namespace: string; name: string }) =>
  new NotFoundError(
    `no ClusterPair "${ref.name}" in namespace "${ref.namespace}": create one by running \`tandemctl generate clusterpair -n ${ref.namespace} ${ref.name}\` ` +
      'on the destination and applying what it prints here (GET /v1/clusterpairs lists the pairs)',
    { code: 'cluster-pair-not-found' },
  );

@ApiTags('clusterpairs')
@Controller('clusterpairs')
export class ClusterPairsController {
  private readonly metro: MetroChecker;
  private readonly metroLimitMs: number;

  constructor(
    @Inject(SERVICE_RUNTIME) private readonly runtime: ServiceRuntime,
    @Inject(FAILOVER_CONFIG) private readonly config: FailoverConfig,
    @Inject(PAIR_CHECKER) private readonly checker: PairChecker,
    @Inject(SITE_PLATFORM) site: Platform,
  ) {
    this.metroLimitMs = metroLatencyLimitOf(config);
    this.metro = new MetroChecker(runtime.db, site, checker, { localDomain: config.domain, limitMs: this.metroLimitMs });
  }

  @Get()
  @ApiOperation({ summary: 'Cluster pairs with the status of their last check' })
  @ApiQuery({ name: 'namespace', required: false })
  async list(@Query('namespace') namespace?: string) {
    const pairs = await listPairs(this.runtime.db, namespace === undefined ? undefined : namespaceParam(namespace));
    return { items: await Promise.all(pairs.map((record) => this.view(record))) };
  }

  @Get('generate')
  @Header('content-type', 'application/yaml; charset=utf-8')
  @ApiProduces('application/yaml')
  @ApiOperation({
    summary: 'A ClusterPair to this site (as the destination), preceded by the Secret that gives access to its platform',
    description: 'What `tandemctl generate clusterpair -n <namespace> <name>` prints: apply the Secret to the source site and the pair to its failover service.',
  })
  @ApiQuery({ name: 'namespace', required: true })
  @ApiQuery({ name: 'name', required: true })
  async generate(@Query('namespace') namespace?: string, @Query('name') name?: string): Promise<string> {
    const ref = { namespace: namespaceParam(namespace), name: nameParam(name) };
    return generateClusterPair(ref, { domain: this.config.domain, publicUrl: this.config.publicUrl, objectStore: this.config.objectStore, access: this.siteAccess() });
  }

  @Get(':namespace/:name')
  @ApiOperation({ summary: 'One cluster pair with the status of its last check' })
  async get(@Param('namespace') namespace: string, @Param('name') name: string) {
    const ref = pairRefParam(namespace, name);
    const found = await findPair(this.runtime.db, ref);
    if (!found) throw notFound(ref);
    return this.view(found);
  }

  @Post(':namespace/:name/validate')
  @HttpCode(200)
  @ApiOperation({ summary: 'Check a cluster pair again (destination access, endpoints, object store) and record its status' })
  async validate(@Param('namespace') namespace: string, @Param('name') name: string) {
    const ref = pairRefParam(namespace, name);
    const found = await findPair(this.runtime.db, ref);
    if (!found) throw notFound(ref);
    const status = await this.checker.check(found.pair);
    await recordStatus(this.runtime.db, ref, status);
    return this.view({ ...found, status });
  }

  @Delete(':namespace/:name')
  @HttpCode(204)
  @ApiOperation({ summary: 'Delete a cluster pair (the Secrets it names and the destination are left alone)' })
  async delete(@Param('namespace') namespace: string, @Param('name') name: string): Promise<void> {
    const ref = pairRefParam(namespace, name);
    if (!(await deletePair(this.runtime.db, ref))) throw notFound(ref);
  }

  /** The pair's view; a metro (sync) pair's is checked now for latency and volumes (see pairs/metro-status.ts). */
  private async view(record: PairRecord) {
    if (record.pair.mode !== 'sync') return pairView(record);
    let metro: MetroStatus;
    try {
      metro = await this.metro.status(record.pair);
    } catch (error) {
      const reason = `the metro pair could not be checked: ${describeError(error)}; check that this site's platform answers`;
      metro = { degraded: true, reasons: [reason], limitMs: this.metroLimitMs, volumes: { checked: 0, inBothDomains: 0 } };
    }
    return pairView(record, metro);
  }

  private siteAccess(): SiteAccess {
    const spec = this.config.platform;
    return spec.startsWith('lab:') ? { kind: 'lab', dir: spec.slice('lab:'.length) } : { kind: 'kubernetes' };
  }
}
