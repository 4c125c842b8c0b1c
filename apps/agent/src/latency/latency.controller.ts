import { Controller, Get, Inject } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { NotFoundError } from '@tandem/service';
import { LATENCY_PROBER } from '../tokens';
import type { LatencyMeasurement, LatencyProber } from './latency.prober';

@ApiTags('agent')
@Controller('agent/latency')
export class LatencyController {
  constructor(@Inject(LATENCY_PROBER) private readonly prober: LatencyProber | null) {}

  @Get()
  @ApiOperation({ summary: "The last round-trip measurement to the peer domain's agents (min/avg/max/mdev like ping)" })
  get(): LatencyMeasurement {
    if (!this.prober) {
      throw new NotFoundError('this agent probes no peer domain: set TANDEM_AGENT_PEER_DOMAIN to the domain to measure', { code: 'no-peer-domain' });
    }
    const last = this.prober.last;
    if (!last) {
      throw new NotFoundError(
        `no round trip to domain ${this.prober.options.peerDomain} measured yet; the first round ends within ${this.prober.options.count * this.prober.options.timeoutMs} ms of start`,
        { code: 'not-measured-yet' },
      );
    }
    return last;
  }
}
