import { Controller, Delete, Get, HttpCode, Inject, Param, Post, Query } from '@nestjs/common';
import { ApiOperation, ApiQuery, ApiTags } from '@nestjs/swagger';
import type { ScheduleRef } from '@tandem/contracts';
import { NotFoundError, SERVICE_RUNTIME, type ServiceRuntime } from '@tandem/service';
import type { FiringLoop } from '../firing/firing.loop';
import { deleteSchedule, findSchedule, listSchedules, ScheduleRecord } from '../store/migration-schedules.store';
import { policiesNamed } from '../store/schedule-policies.store';
import { lastRuns, scheduleKey } from '../store/scheduled-migrations.store';
import { databaseNow, Sql } from '../store/sql';
import { setSuspended } from '../store/suspension';
import { FIRING_LOOP } from '../tokens';
import { namespaceParam, scheduleRefParam } from './request-params';
import { scheduleView } from './views';

const notFound = (ref: ScheduleRef) =>
  new NotFoundError(`no MigrationSchedule "${ref.name}" in namespace "${ref.namespace}"; GET /v1/migration-schedules lists them`, {
    code: 'migration-schedule-not-found',
  });

@ApiTags('migration-schedules')
@Controller('migration-schedules')
export class MigrationSchedulesController {
  constructor(
    @Inject(SERVICE_RUNTIME) private readonly runtime: ServiceRuntime,
    @Inject(FIRING_LOOP) private readonly firing: FiringLoop,
  ) {}

  @Get()
  @ApiOperation({ summary: 'Migration schedules with their status (last runs, next fire per policy type, suspended)' })
  @ApiQuery({ name: 'namespace', required: false })
  async list(@Query('namespace') namespace?: string) {
    const db = this.runtime.db;
    const schedules = await listSchedules(db, namespace === undefined ? {} : { namespace: namespaceParam(namespace) });
    return { items: await this.views(db, schedules) };
  }

  @Get(':namespace/:name')
  @ApiOperation({ summary: 'One migration schedule with its status' })
  async get(@Param('namespace') namespace: string, @Param('name') name: string) {
    const ref = scheduleRefParam(namespace, name);
    const schedule = await findSchedule(this.runtime.db, ref);
    if (!schedule) throw notFound(ref);
    return (await this.views(this.runtime.db, [schedule]))[0];
  }

  @Post(':namespace/:name/suspend')
  @HttpCode(200)
  @ApiOperation({ summary: 'Suspend a schedule: from the moment this answers, it fires nothing (idempotent)' })
  async suspend(@Param('namespace') namespace: string, @Param('name') name: string) {
    return this.setSuspended(scheduleRefParam(namespace, name), true);
  }

  @Post(':namespace/:name/resume')
  @HttpCode(200)
  @ApiOperation({ summary: 'Resume a schedule: it fires at its next fire time; the suspension is not counted as missed runs (idempotent)' })
  async resume(@Param('namespace') namespace: string, @Param('name') name: string) {
    return this.setSuspended(scheduleRefParam(namespace, name), false);
  }

  @Delete(':namespace/:name')
  @HttpCode(204)
  @ApiOperation({ summary: 'Delete a schedule and the records of its migrations (recovery points on the destination stay)' })
  async delete(@Param('namespace') namespace: string, @Param('name') name: string): Promise<void> {
    const ref = scheduleRefParam(namespace, name);
    if (!(await this.runtime.db.transaction((m) => deleteSchedule(m, ref)))) throw notFound(ref);
  }

  private async setSuspended(ref: ScheduleRef, suspend: boolean) {
    const schedule = await this.runtime.db.transaction((m) => setSuspended(m, ref, suspend));
    if (!schedule) throw notFound(ref);
    if (!suspend) this.firing.nudge();
    return (await this.views(this.runtime.db, [schedule]))[0];
  }

  private async views(db: Sql, schedules: ScheduleRecord[]) {
    const [policies, runs, now] = await Promise.all([policiesNamed(db, schedules.map((s) => s.schedulePolicyName)), lastRuns(db, schedules), databaseNow(db)]);
    return schedules.map((s) => scheduleView(s, policies.get(s.schedulePolicyName)?.policy, runs.get(scheduleKey(s)) ?? [], now));
  }
}
