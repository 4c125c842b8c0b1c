import { Controller, Get, Inject } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { SERVICE_RUNTIME, type ServiceRuntime } from '@tandem/service';
import type { FailoverConfig } from '../config';
import { listDomains } from '../domains/domains.store';
import { FAILOVER_CONFIG } from '../tokens';

@ApiTags('clusterdomains')
@Controller('clusterdomains')
export class ClusterDomainsController {
  constructor(
    @Inject(SERVICE_RUNTIME) private readonly runtime: ServiceRuntime,
    @Inject(FAILOVER_CONFIG) private readonly config: FailoverConfig,
  ) {}

  @Get()
  @ApiOperation({ summary: "The cluster domains this site knows (its own and its pairs' destinations), each with its epoch and whether it is active" })
  async list() {
    const domains = await listDomains(this.runtime.db);
    return {
      items: domains.map((d) => ({ domain: d.domain, local: d.domain === this.config.domain, epoch: d.epoch, active: d.active, updatedAt: d.updatedAt.toISOString() })),
    };
  }
}
