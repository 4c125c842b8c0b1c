import { Body, Controller, Headers, Inject, Query, UseFilters } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { type ResourceProblem, ResourceProblemsError } from '@tandem/resources';
import type { SagaEngine } from '@tandem/saga-runtime';
import { ApplyResourcesEndpoint, inDocumentOrder, InvalidInputError, readResourcesRequest, RESOURCES_BODY_DESCRIPTION, ResourceProblemsFilter, SERVICE_RUNTIME, type ServiceRuntime } from '@tandem/service';
import { ENGINE } from '../tokens';
import { type AppliedMigration, startMigrations } from './one-off-migrations';
import { readJson, readYaml } from './read-documents';

@ApiTags('resources')
@Controller('resources')
@UseFilters(ResourceProblemsFilter)
export class ResourcesController {
  constructor(
    @Inject(SERVICE_RUNTIME) private readonly runtime: ServiceRuntime,
    @Inject(ENGINE) private readonly engine: SagaEngine,
  ) {}

  @ApplyResourcesEndpoint({
    summary: 'Run one-off Migration documents now, each as a protect saga',
    description:
      RESOURCES_BODY_DESCRIPTION +
      '; kind Migration only (the other kinds name the ' +
      'service that keeps them). All or nothing: any problem answers 400 with every problem (document, kind, name, field path, ' +
      'line and column, message, fix) and nothing is started. Each Migration starts the protect saga of its namespace and name ' +
      '(`created`); the same Migration sent again starts nothing (`unchanged`). Follow it with GET /v1/migrations/{namespace}/{name}.',
    example: 'apiVersion: stork.libopenstorage.org/v1alpha1\nkind: Migration\nmetadata:\n  name: appns-now\n  namespace: appns\nspec:\n  clusterPair: dr-site\n  namespaces: [appns]\n',
    namespaceOf: 'a Migration',
  })
  async apply(
    @Body() body: unknown,
    @Headers('content-type') contentType: string | undefined,
    @Query('namespace') namespace?: string,
  ): Promise<{ applied: AppliedMigration[]; warnings: ResourceProblem[] }> {
    const read = readResourcesRequest(body, contentType, namespace, { yaml: readYaml, json: readJson });

    if (read.problems.length > 0) throw new ResourceProblemsError(inDocumentOrder(read.problems));
    if (read.migrations.length === 0) throw new InvalidInputError('the request holds no Migration document', { code: 'no-resources' });

    const firedAt = new Date().toISOString();
    // All or nothing: a problem found while starting rolls back the sagas started before it in this request.
    const applied = await this.runtime.db.transaction(async (m) => {
      const outcome = await startMigrations(m, this.engine, read.migrations, firedAt);
      if (!outcome.ok) throw new ResourceProblemsError(inDocumentOrder(outcome.problems));
      return outcome.applied;
    });
    return { applied, warnings: read.warnings };
  }
}
