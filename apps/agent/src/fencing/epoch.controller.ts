import { Controller, Get, Inject } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { SERVICE_RUNTIME, type ServiceRuntime } from '@tandem/service';
import { DOMAIN_EPOCHS } from '../tokens';
import type { DomainEpochStore } from './domain-epoch.store';

@ApiTags('agent')
@Controller('agent/epoch')
export class EpochController {
  constructor(
    @Inject(SERVICE_RUNTIME) private readonly runtime: ServiceRuntime,
    @Inject(DOMAIN_EPOCHS) private readonly epochs: DomainEpochStore,
  ) {}

  @Get()
  @ApiOperation({ summary: "The domain's epoch this agent holds: commands sent under a lower one are refused" })
  async get(): Promise<{ domain: string; epoch: number; updatedAt?: string; reason?: string }> {
    return { domain: this.epochs.domain, ...(await this.epochs.current(this.runtime.db)) };
  }
}
