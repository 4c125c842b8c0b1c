import { Body, Controller, Headers, HttpCode, Inject, Post, Query, UnsupportedMediaTypeException, UseFilters } from '@nestjs/common';
import { ApiBody, ApiConsumes, ApiOperation, ApiQuery, ApiTags } from '@nestjs/swagger';
import { labelNameSchema } from '@tandem/contracts';
import { type ResourceProblem, ResourceProblemsError } from '@tandem/resources';
import type { SagaEngine } from '@tandem/saga-runtime';
import { InvalidInputError, SERVICE_RUNTIME, type ServiceRuntime } from '@tandem/service';
import { ENGINE } from '../tokens';
import { type AppliedMigration, startMigrations } from './one-off-migrations';
import { readJson, type ReadOptions, readYaml } from './read-documents';
import { ResourceProblemsFilter } from './resource-problems.filter';
import { YAML_CONTENT_TYPES } from './yaml-body.middleware';

@ApiTags('resources')
@Controller('resources')
@UseFilters(ResourceProblemsFilter)
export class ResourcesController {
  constructor(
    @Inject(SERVICE_RUNTIME) private readonly runtime: ServiceRuntime,
    @Inject(ENGINE) private readonly engine: SagaEngine,
  ) {}

  @Post()
  @HttpCode(200)
  @ApiOperation({
    summary: 'Run one-off Migration documents now, each as a protect saga',
    description:
      'YAML (application/yaml or text/plain; several documents separated by ---) or JSON (one resource, an array, or a List), ' +
      'under apiVersion stork.libopenstorage.org/v1alpha1 or tandem.dev/v1alpha1; kind Migration only (the other kinds name the ' +
      'service that keeps them). All or nothing: any problem answers 400 with every problem (document, kind, name, field path, ' +
      'line and column, message, fix) and nothing is started. Each Migration starts the protect saga of its namespace and name ' +
      '(`created`); the same Migration sent again starts nothing (`unchanged`). Follow it with GET /v1/migrations/{namespace}/{name}.',
  })
  @ApiConsumes('application/yaml', 'text/plain', 'application/json')
  @ApiBody({
    schema: {
      type: 'string',
      example: 'apiVersion: stork.libopenstorage.org/v1alpha1\nkind: Migration\nmetadata:\n  name: appns-now\n  namespace: appns\nspec:\n  clusterPair: dr-site\n  namespaces: [appns]\n',
    },
  })
  @ApiQuery({ name: 'namespace', required: false, description: 'namespace of a Migration that names none (default "default"), like kubectl -n' })
  async apply(
    @Body() body: unknown,
    @Headers('content-type') contentType: string | undefined,
    @Query('namespace') namespace?: string,
  ): Promise<{ applied: AppliedMigration[]; warnings: ResourceProblem[] }> {
    const options: ReadOptions = {};
    if (namespace !== undefined) {
      const checked = labelNameSchema.parse(namespace, 'namespace');
      if (!checked.ok) throw new InvalidInputError(`${checked.reason} (a namespace name, e.g. appns)`);
      options.defaultNamespace = checked.value;
    }
    let read;
    if (typeof body === 'string' && YAML_CONTENT_TYPES.test(contentType ?? '')) read = readYaml(body, options);
    else if (/^\s*application\/json\s*(;|$)/i.test(contentType ?? '')) read = readJson(body, options);
    else throw new UnsupportedMediaTypeException(`send the resources as YAML (Content-Type: application/yaml) or JSON (application/json); got ${contentType ?? 'no Content-Type'}`);

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

/** Problems in document order, so a person reads them top to bottom. */
function inDocumentOrder(problems: readonly ResourceProblem[]): ResourceProblem[] {
  return [...problems].sort((a, b) => (a.document ?? 0) - (b.document ?? 0) || (a.line ?? 0) - (b.line ?? 0));
}
