import { Body, Controller, Headers, HttpCode, Inject, Post, Query, UnsupportedMediaTypeException, UseFilters } from '@nestjs/common';
import { ApiBody, ApiConsumes, ApiOperation, ApiQuery, ApiTags } from '@nestjs/swagger';
import { labelNameSchema } from '@tandem/contracts';
import { ResourceProblemsError } from '@tandem/resources';
import { InvalidInputError, SERVICE_RUNTIME, type ServiceRuntime } from '@tandem/service';
import type { FiringLoop } from '../firing/firing.loop';
import { FIRING_LOOP } from '../tokens';
import { Applied, applyResources } from './apply-resources';
import { checkResources, inDocumentOrder } from './check-resources';
import { readJson, ReadOptions, readYaml } from './read-documents';
import { ResourceProblemsFilter } from './resource-problems.filter';
import { YAML_CONTENT_TYPES } from './yaml-body.middleware';

@ApiTags('resources')
@Controller('resources')
@UseFilters(ResourceProblemsFilter)
export class ResourcesController {
  constructor(
    @Inject(SERVICE_RUNTIME) private readonly runtime: ServiceRuntime,
    @Inject(FIRING_LOOP) private readonly firing: FiringLoop,
  ) {}

  @Post()
  @HttpCode(200)
  @ApiOperation({
    summary: 'Create or update (apply) SchedulePolicy and MigrationSchedule documents',
    description:
      'YAML (application/yaml or text/plain; several documents separated by ---) or JSON (one resource, an array, or a List), ' +
      'under apiVersion stork.libopenstorage.org/v1alpha1 or tandem.dev/v1alpha1. All or nothing: any problem answers 400 with ' +
      'every problem (document, kind, name, field path, line and column, message, fix) and nothing is applied.',
  })
  @ApiConsumes('application/yaml', 'text/plain', 'application/json')
  @ApiBody({ schema: { type: 'string', example: 'apiVersion: stork.libopenstorage.org/v1alpha1\nkind: SchedulePolicy\nmetadata:\n  name: every-15m\npolicy:\n  interval:\n    intervalMinutes: 15\n' } })
  @ApiQuery({ name: 'namespace', required: false, description: 'namespace of a MigrationSchedule that names none (default "default"), like kubectl -n' })
  async apply(
    @Body() body: unknown,
    @Headers('content-type') contentType: string | undefined,
    @Query('namespace') namespace?: string,
  ): Promise<{ applied: Applied[]; warnings: unknown[] }> {
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

    const checked = checkResources(read);
    if (checked.problems.length > 0) throw new ResourceProblemsError(inDocumentOrder(checked.problems));
    if (checked.policies.length === 0 && checked.schedules.length === 0) {
      throw new InvalidInputError('the request holds no SchedulePolicy or MigrationSchedule document', { code: 'no-resources' });
    }
    const outcome = await this.runtime.db.transaction((m) => applyResources(m, checked));
    if (!outcome.ok) throw new ResourceProblemsError(inDocumentOrder(outcome.problems));
    this.firing.nudge();
    return { applied: outcome.applied, warnings: checked.warnings };
  }
}
