import { Controller, Get, Inject, Query } from '@nestjs/common';
import { ApiOperation, ApiQuery, ApiTags } from '@nestjs/swagger';
import { SERVICE_RUNTIME, type ServiceRuntime } from '@tandem/service';
import { listMigrations } from '../store/scheduled-migrations.store';
import { limitParam, nameParam, namespaceParam } from './request-params';
import { migrationView } from './views';

@ApiTags('migrations')
@Controller('migrations')
export class MigrationsController {
  constructor(@Inject(SERVICE_RUNTIME) private readonly runtime: ServiceRuntime) {}

  @Get()
  @ApiOperation({ summary: 'Migrations started by schedules, newest first, with their status' })
  @ApiQuery({ name: 'namespace', required: false })
  @ApiQuery({ name: 'schedule', required: false, description: 'a MigrationSchedule name' })
  @ApiQuery({ name: 'limit', required: false, description: 'at most this many (default all, up to 10000)' })
  async list(@Query('namespace') namespace?: string, @Query('schedule') schedule?: string, @Query('limit') limit?: string) {
    const migrations = await listMigrations(this.runtime.db, {
      ...(namespace !== undefined ? { namespace: namespaceParam(namespace) } : {}),
      ...(schedule !== undefined ? { schedule: nameParam(schedule, 'schedule') } : {}),
      ...(limit !== undefined ? { limit: limitParam(limit)! } : {}),
    });
    return { items: migrations.map(migrationView) };
  }
}
