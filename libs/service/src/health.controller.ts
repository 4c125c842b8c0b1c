import { Controller, Get, Res, VERSION_NEUTRAL } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { type ReadinessFailure, ReadinessRegistry } from './readiness.registry';

/** The few methods of the HTTP response this controller uses. */
interface StatusResponse {
  status(code: number): unknown;
}

@ApiTags('health')
@Controller({ version: VERSION_NEUTRAL })
export class HealthController {
  constructor(private readonly readiness: ReadinessRegistry) {}

  @Get('healthz')
  @ApiOperation({ summary: 'Liveness: 200 while the process runs' })
  healthz(): { status: 'ok' } {
    return { status: 'ok' };
  }

  @Get('readyz')
  @ApiOperation({ summary: 'Readiness: 200 when every registered check passes, 503 with the failing checks otherwise' })
  async readyz(
    @Res({ passthrough: true }) response: StatusResponse,
  ): Promise<{ status: 'ready'; checks: string[] } | { status: 'not-ready'; checks: string[]; failing: ReadinessFailure[] }> {
    const report = await this.readiness.check();
    if (report.ready) return { status: 'ready', checks: report.checks };
    response.status(503);
    return { status: 'not-ready', checks: report.checks, failing: report.failing };
  }
}
