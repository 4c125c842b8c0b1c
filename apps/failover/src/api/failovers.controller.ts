import { Body, Controller, Get, HttpCode, Inject, Post } from '@nestjs/common';
import { ApiBody, ApiOperation, ApiTags } from '@nestjs/swagger';
import { StartSaga } from '@tandem/contracts';
import { JsonLogger } from '@tandem/observability';
import { FAILOVER_SAGA, failoverSagaId, type FailoverInput } from '@tandem/sagas';
import { InvalidInputError, NotFoundError, SERVICE_RUNTIME, type ServiceRuntime, validateBody } from '@tandem/service';
import type { FailoverConfig } from '../config';
import { type FailoverRequest, failoverInputFor, failoverRequest } from '../protected/failover-request';
import { findProtectedApplication, listProtectedApplications, type ProtectedApplication } from '../protected/protected-applications.store';
import { FAILOVER_CONFIG } from '../tokens';

@ApiTags('failovers')
@Controller()
export class FailoversController {
  constructor(
    @Inject(SERVICE_RUNTIME) private readonly runtime: ServiceRuntime,
    @Inject(FAILOVER_CONFIG) private readonly config: FailoverConfig,
    private readonly logger: JsonLogger,
  ) {}

  @Get('protected-applications')
  @ApiOperation({ summary: 'The applications protected to this site: each schedule migrating here, its newest migration, and the point in time this site holds (takenAt)' })
  async list(): Promise<{ items: ProtectedApplication[] }> {
    return { items: await listProtectedApplications(this.runtime.db, this.config.domain) };
  }

  @Post('failovers')
  @HttpCode(202)
  @ApiOperation({
    summary:
      'Fail a protected application over to this site: probe the source, stop it cleanly when it answers (suspend, scale down, last-mile migration), fence it, activate the application here. Answers 202 with the failover saga started.',
  })
  @ApiBody({
    schema: {
      type: 'object',
      required: ['namespace', 'migrationSchedule'],
      properties: {
        namespace: { type: 'string', description: "the migration schedule's namespace" },
        migrationSchedule: { type: 'string', description: 'the migration schedule protecting the application' },
        includeNamespaces: { type: 'array', items: { type: 'string' }, description: 'only these of its namespaces' },
        excludeNamespaces: { type: 'array', items: { type: 'string' }, description: 'not these of its namespaces' },
        skipSourceOperations: { type: 'boolean', default: false, description: 'do nothing on the source (it is gone, or stopped by hand): fence it and activate here' },
        releaseTimeoutSeconds: { type: 'integer', default: 60, minimum: 1, maximum: 3600, description: "how long the source's pods may take to stop" },
        readyTimeoutSeconds: { type: 'integer', default: 180, minimum: 1, maximum: 3600, description: 'how long the application here may take to become ready' },
      },
    },
  })
  async start(@Body(validateBody(failoverRequest)) body: FailoverRequest): Promise<{ failover: string; sagaId: string; input: FailoverInput }> {
    const app = await findProtectedApplication(this.runtime.db, { namespace: body.namespace, schedule: body.migrationSchedule });
    if (!app || app.destinationDomain !== this.config.domain) {
      throw new NotFoundError(
        `no protected application of MigrationSchedule ${body.namespace}/${body.migrationSchedule} on this site: no migration of it to this site's domain (${this.config.domain}) was seen; ` +
          `GET /v1/protected-applications lists those that were`,
        { code: 'protected-application-not-found' },
      );
    }
    const built = failoverInputFor(body, app, new Date());
    if (!built.ok) throw new InvalidInputError(`invalid request body: ${built.problem}`);
    const input = built.input;
    const sagaId = failoverSagaId(input.namespace, input.failover);
    await this.runtime.db.transaction((m) =>
      this.runtime.outbox.append(m, [{ id: `failover/${sagaId}/start`, correlationid: sagaId, definition: StartSaga, data: { sagaId, saga: FAILOVER_SAGA.name, input } }]),
    );
    this.logger.info('failover requested', { sagaId, schedule: `${input.namespace}/${input.schedule}`, sourceDomain: input.sourceDomain, namespaces: input.namespaces });
    return { failover: input.failover, sagaId, input };
  }
}
