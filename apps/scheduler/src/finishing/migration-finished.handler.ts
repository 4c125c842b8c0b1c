import { Inject } from '@nestjs/common';
import { Ctx, Payload } from '@nestjs/microservices';
import { BusController, JetStreamContext, OnMessage } from '@tandem/bus';
import { DataOf, MigrationFinished } from '@tandem/contracts';
import { JsonLogger } from '@tandem/observability';
import { handleOnce } from '@tandem/persistence';
import { SERVICE_RUNTIME, type ServiceRuntime } from '@tandem/service';
import { migrationsExpired, migrationsFinished } from '../scheduler.metrics';
import { finishMigration } from './finish-migration';

/** The end of a scheduled migration: its record is marked finished and retention applied, once per message (inbox). */
@BusController()
export class MigrationFinishedHandler {
  constructor(
    @Inject(SERVICE_RUNTIME) private readonly runtime: ServiceRuntime,
    private readonly logger: JsonLogger,
  ) {}

  @OnMessage(MigrationFinished)
  async finished(@Payload() data: DataOf<typeof MigrationFinished>, @Ctx() ctx: JetStreamContext): Promise<void> {
    const handled = await handleOnce(this.runtime.db, ctx.consumer, ctx.event, (m) => finishMigration(m, this.runtime.outbox, data));
    if (!handled.handled) return;
    const result = handled.value;
    const migration = `${data.namespace}/${data.migration}`;
    switch (result.outcome) {
      case 'finished':
        migrationsFinished().inc({ status: data.status });
        for (const e of result.expired) migrationsExpired().inc({ policy_type: e.policyType });
        this.logger.info('migration finished', { migration, status: data.status, expired: result.expired.map((e) => e.name) });
        return;
      case 'already-finished':
        this.logger.debug('migration was finished before; nothing to do', { migration });
        return;
      case 'unknown-migration':
        // Not one a schedule of this site started (a one-off migration), or its schedule was deleted since.
        this.logger.debug('not a scheduled migration this scheduler knows; ignored', { migration });
        return;
      default: {
        const unreachable: never = result;
        throw new Error(`unexpected outcome ${JSON.stringify(unreachable)}`);
      }
    }
  }
}
