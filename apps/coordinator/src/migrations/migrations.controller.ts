import { Controller, Get, Inject, Param, Query } from '@nestjs/common';
import { ApiOperation, ApiQuery, ApiTags } from '@nestjs/swagger';
import { labelNameSchema } from '@tandem/contracts';
import { PROTECT_SAGA, protectSagaId } from '@tandem/sagas';
import { InvalidInputError, NotFoundError, SERVICE_RUNTIME, type ServiceRuntime } from '@tandem/service';
import { migrationView, type MigrationView, type ProtectSagaRow } from './migration.view';

const checkedName = (value: string, what: string): string => {
  const checked = labelNameSchema.parse(value, what);
  if (!checked.ok) throw new InvalidInputError(`${checked.reason} (a DNS-1123 label, e.g. appns)`);
  return checked.value;
};

/** Migrations (protect sagas) as `tandemctl get migrations` shows them: stage, status, volumes, resources, bytes. */
@ApiTags('migrations')
@Controller('migrations')
export class MigrationsController {
  constructor(@Inject(SERVICE_RUNTIME) private readonly runtime: ServiceRuntime) {}

  @Get()
  @ApiOperation({ summary: 'Migrations, newest first: stage, status, volumes and resources done of total, bytes, elapsed' })
  @ApiQuery({ name: 'namespace', required: false, description: "the migration schedules' namespace; all when absent" })
  @ApiQuery({ name: 'limit', required: false, description: 'at most this many (default 100, at most 1000)' })
  async list(@Query('namespace') namespace?: string, @Query('limit') limit?: string): Promise<{ items: MigrationView[] }> {
    const ns = namespace === undefined ? null : checkedName(namespace, 'namespace');
    const max = limit === undefined ? 100 : Number(limit);
    if (!Number.isInteger(max) || max < 1 || max > 1000) throw new InvalidInputError(`limit=${limit}: expected a whole number from 1 to 1000`);
    const rows: ProtectSagaRow[] = await this.runtime.db.query(
      `SELECT phase, state, created_at, ended_at FROM tandem_saga
       WHERE name = $1 AND ($2::text IS NULL OR state->'input'->>'namespace' = $2)
       ORDER BY created_at DESC LIMIT $3`,
      [PROTECT_SAGA.name, ns, max],
    );
    const now = new Date();
    return { items: rows.filter((r) => r.state.input !== undefined).map((r) => migrationView(r, now)) };
  }

  @Get(':namespace/:name')
  @ApiOperation({ summary: 'One migration' })
  async get(@Param('namespace') namespace: string, @Param('name') name: string): Promise<MigrationView> {
    const ns = checkedName(namespace, 'namespace');
    const migration = checkedName(name, 'name');
    const rows: ProtectSagaRow[] = await this.runtime.db.query(`SELECT phase, state, created_at, ended_at FROM tandem_saga WHERE id = $1`, [protectSagaId(ns, migration)]);
    const row = rows[0];
    if (!row?.state.input) {
      throw new NotFoundError(`no migration ${ns}/${migration} on this site: list them with tandemctl get migrations -n ${ns}`, { code: 'migration-not-found' });
    }
    return migrationView(row, new Date());
  }
}
