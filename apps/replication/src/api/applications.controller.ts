import { Controller, Get, Inject, Param, Query } from '@nestjs/common';
import { ApiOperation, ApiQuery, ApiTags } from '@nestjs/swagger';
import { NotFoundError, SERVICE_RUNTIME, type ServiceRuntime } from '@tandem/service';
import { findApplication, listApplications, listRecoveryPoints } from '../recovery-points/recovery-points.store';
import { limitParam, namespaceParam, scheduleParam } from './request-params';
import { applicationView, recoveryPointView } from './views';

const notFound = (namespace: string, schedule: string) =>
  new NotFoundError(
    `no recovery point was committed for migration schedule ${namespace}/${schedule}: check the namespace and schedule name, ` +
      'or wait for its first migration to finish (GET /v1/applications lists those that have one)',
  );

@ApiTags('applications')
@Controller('applications')
export class ApplicationsController {
  constructor(@Inject(SERVICE_RUNTIME) private readonly runtime: ServiceRuntime) {}

  @Get()
  @ApiOperation({ summary: 'Protected applications (namespace and migration schedule) with their newest recovery point and RPO' })
  async list() {
    return { items: (await listApplications(this.runtime.db)).map(applicationView) };
  }

  @Get(':namespace/:schedule')
  @ApiOperation({ summary: "One application's newest recovery point and RPO" })
  async get(@Param('namespace') namespace: string, @Param('schedule') schedule: string) {
    const [ns, name] = [namespaceParam(namespace), scheduleParam(schedule)];
    const application = await findApplication(this.runtime.db, ns, name);
    if (!application) throw notFound(ns, name);
    return applicationView(application);
  }

  @Get(':namespace/:schedule/recovery-points')
  @ApiOperation({ summary: "An application's committed recovery points, newest first, with their volumes" })
  @ApiQuery({ name: 'limit', required: false, description: 'at most this many (default all, up to 10000)' })
  async recoveryPoints(@Param('namespace') namespace: string, @Param('schedule') schedule: string, @Query('limit') limit?: string) {
    const [ns, name] = [namespaceParam(namespace), scheduleParam(schedule)];
    const points = await listRecoveryPoints(this.runtime.db, ns, name, limitParam(limit));
    if (points.length === 0 && !(await findApplication(this.runtime.db, ns, name))) throw notFound(ns, name);
    return { items: points.map(recoveryPointView) };
  }
}
