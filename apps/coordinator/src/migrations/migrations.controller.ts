import { Controller, Delete, Get, HttpCode, Inject, Param, Query } from '@nestjs/common';
import { ApiOperation, ApiQuery, ApiTags } from '@nestjs/swagger';
import { labelNameSchema, type SagaPhase } from '@tandem/contracts';
import { isTerminal, PROTECT_SAGA, type ProtectInput, protectSagaId, type StepSagaState } from '@tandem/sagas';
import { ConflictError, InvalidInputError, NotFoundError, SERVICE_RUNTIME, type ServiceRuntime } from '@tandem/service';
import { migrationView, type MigrationView, type ProtectSagaRow } from './migration.view';

const checkedName = (value: string, what: string): string => {
  const checked = labelNameSchema.parse(value, what);
  if (!checked.ok) throw new InvalidInputError(`${checked.reason} (a DNS-1123 label, e.g. appns)`);
  return checked.value;
};

const notFound = (ns: string, name: string) =>
  new NotFoundError(`no migration ${ns}/${name} on this site: list them with tandemctl get migrations -n ${ns}`, { code: 'migration-not-found' });

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
    if (!row?.state.input) throw notFound(ns, migration);
    return migrationView(row, new Date());
  }

  @Delete(':namespace/:name')
  @HttpCode(204)
  @ApiOperation({
    summary: 'Forget a finished one-off migration (its saga, step log and timers)',
    description:
      '409 while it is in progress; 400 for a run of a MigrationSchedule (the scheduler keeps those, and deleting the schedule removes them); 404 when unknown.',
  })
  async delete(@Param('namespace') namespace: string, @Param('name') name: string): Promise<void> {
    const ns = checkedName(namespace, 'namespace');
    const migration = checkedName(name, 'name');
    await this.runtime.db.transaction(async (m) => {
      const rows: { phase: SagaPhase; state: StepSagaState<ProtectInput> }[] = await m.query(
        `SELECT phase, state FROM tandem_saga WHERE id = $1 AND name = $2 FOR UPDATE`,
        [protectSagaId(ns, migration), PROTECT_SAGA.name],
      );
      const row = rows[0];
      const input = row?.state.input;
      if (!row || !input || input.namespace !== ns || input.migration !== migration) throw notFound(ns, migration);
      if (input.schedule !== undefined) {
        throw new InvalidInputError(
          `migration ${ns}/${migration} is a run of MigrationSchedule "${input.schedule}": the scheduler keeps it, and its records go with the schedule (tandemctl delete migrationschedule ${input.schedule} -n ${ns}) or by retention`,
          { code: 'migration-of-a-schedule' },
        );
      }
      if (!isTerminal(row.phase)) {
        throw new ConflictError(`migration ${ns}/${migration} is in progress (${row.phase}, step ${row.state.current?.step ?? 'starting'}): wait for it to finish, then delete it`, {
          code: 'migration-in-progress',
        });
      }
      await m.query(`DELETE FROM tandem_saga WHERE id = $1`, [protectSagaId(ns, migration)]);
    });
  }
}
