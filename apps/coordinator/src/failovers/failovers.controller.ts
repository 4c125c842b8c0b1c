import { Controller, Get, Inject, Param, Query } from '@nestjs/common';
import { ApiOperation, ApiQuery, ApiTags } from '@nestjs/swagger';
import { labelNameSchema } from '@tandem/contracts';
import { FAILOVER_SAGA, failoverSagaId } from '@tandem/sagas';
import { InvalidInputError, NotFoundError, SERVICE_RUNTIME, type ServiceRuntime } from '@tandem/service';
import { failoverView, type FailoverSagaRow, type FailoverView } from './failover.view';

const checkedName = (value: string, what: string): string => {
  const checked = labelNameSchema.parse(value, what);
  if (!checked.ok) throw new InvalidInputError(`${checked.reason} (a DNS-1123 label, e.g. appns)`);
  return checked.value;
};

/** Failovers (failover sagas run on this site) as `tandemctl get failovers` shows them: stage, status, RTO. */
@ApiTags('failovers')
@Controller('failovers')
export class FailoversController {
  constructor(@Inject(SERVICE_RUNTIME) private readonly runtime: ServiceRuntime) {}

  @Get()
  @ApiOperation({ summary: 'Failovers to this site, newest first: stage, status (InProgress, Successful, RolledBack, Failed), reason, RTO' })
  @ApiQuery({ name: 'namespace', required: false, description: "the migration schedules' namespace; all when absent" })
  @ApiQuery({ name: 'limit', required: false, description: 'at most this many (default 100, at most 1000)' })
  async list(@Query('namespace') namespace?: string, @Query('limit') limit?: string): Promise<{ items: FailoverView[] }> {
    const ns = namespace === undefined ? null : checkedName(namespace, 'namespace');
    const max = limit === undefined ? 100 : Number(limit);
    if (!Number.isInteger(max) || max < 1 || max > 1000) throw new InvalidInputError(`limit=${limit}: expected a whole number from 1 to 1000`);
    const rows: FailoverSagaRow[] = await this.runtime.db.query(
      `SELECT phase, state, created_at, ended_at FROM tandem_saga
       WHERE name = $1 AND ($2::text IS NULL OR state->'input'->>'namespace' = $2)
       ORDER BY created_at DESC LIMIT $3`,
      [FAILOVER_SAGA.name, ns, max],
    );
    return { items: rows.filter((r) => r.state.input !== undefined).map(failoverView) };
  }

  @Get(':namespace/:name')
  @ApiOperation({ summary: 'One failover' })
  async get(@Param('namespace') namespace: string, @Param('name') name: string): Promise<FailoverView> {
    const ns = checkedName(namespace, 'namespace');
    const failover = checkedName(name, 'name');
    const rows: FailoverSagaRow[] = await this.runtime.db.query(`SELECT phase, state, created_at, ended_at FROM tandem_saga WHERE id = $1 AND name = $2`, [
      failoverSagaId(ns, failover),
      FAILOVER_SAGA.name,
    ]);
    const row = rows[0];
    if (!row?.state.input) {
      throw new NotFoundError(`no failover ${ns}/${failover} on this site: list them with tandemctl get failovers -n ${ns}`, { code: 'failover-not-found' });
    }
    return failoverView(row);
  }
}
