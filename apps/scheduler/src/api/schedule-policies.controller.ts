import { Controller, Delete, Get, HttpCode, Inject, Param } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { ConflictError, NotFoundError, SERVICE_RUNTIME, type ServiceRuntime } from '@tandem/service';
import { deletePolicy, findPolicy, listPolicies, policyUsage } from '../store/schedule-policies.store';
import { nameParam } from './request-params';
import { policyView } from './views';

@ApiTags('schedule-policies')
@Controller('schedule-policies')
export class SchedulePoliciesController {
  constructor(@Inject(SERVICE_RUNTIME) private readonly runtime: ServiceRuntime) {}

  @Get()
  @ApiOperation({ summary: 'Every schedule policy, with how many schedules use it' })
  async list() {
    const [policies, usage] = await Promise.all([listPolicies(this.runtime.db), policyUsage(this.runtime.db)]);
    return { items: policies.map((p) => policyView(p, usage.get(p.name) ?? 0)) };
  }

  @Get(':name')
  @ApiOperation({ summary: 'One schedule policy: as it fires (defaults written out) and as applied' })
  async get(@Param('name') name: string) {
    const policy = await findPolicy(this.runtime.db, nameParam(name));
    if (!policy) throw new NotFoundError(`no SchedulePolicy "${name}"; GET /v1/schedule-policies lists them`, { code: 'schedule-policy-not-found' });
    return policyView(policy, (await policyUsage(this.runtime.db)).get(policy.name) ?? 0);
  }

  @Delete(':name')
  @HttpCode(204)
  @ApiOperation({ summary: 'Delete a schedule policy that no migration schedule uses' })
  async delete(@Param('name') name: string): Promise<void> {
    const result = await this.runtime.db.transaction((m) => deletePolicy(m, nameParam(name)));
    if (result.usedBy.length > 0) {
      throw new ConflictError(
        `SchedulePolicy "${name}" is used by ${result.usedBy.join(', ')}; delete those MigrationSchedules or point them at another policy first`,
        { code: 'schedule-policy-in-use' },
      );
    }
    if (!result.deleted) throw new NotFoundError(`no SchedulePolicy "${name}"`, { code: 'schedule-policy-not-found' });
  }
}
