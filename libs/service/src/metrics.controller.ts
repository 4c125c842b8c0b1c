import { Controller, Get, Res, VERSION_NEUTRAL } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { metricsRegistry } from '@tandem/observability';

interface HeaderResponse {
  setHeader(name: string, value: string): unknown;
}

@ApiTags('health')
@Controller({ version: VERSION_NEUTRAL })
export class MetricsController {
  @Get('metrics')
  @ApiOperation({ summary: 'Prometheus metrics of this process (text exposition format)' })
  async metrics(@Res({ passthrough: true }) response: HeaderResponse): Promise<string> {
    const registry = metricsRegistry();
    response.setHeader('Content-Type', registry.contentType);
    return registry.metrics();
  }
}
