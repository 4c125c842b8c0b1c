import { Body, Controller, Headers, Inject, Query, UseFilters } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { ResourceProblemsError } from '@tandem/resources';
import { ApplyResourcesEndpoint, inDocumentOrder, InvalidInputError, readResourcesRequest, RESOURCES_BODY_DESCRIPTION, ResourceProblemsFilter, SERVICE_RUNTIME, type ServiceRuntime } from '@tandem/service';
import type { FiringLoop } from '../firing/firing.loop';
import { FIRING_LOOP } from '../tokens';
import { Applied, applyResources } from './apply-resources';
import { checkResources } from './check-resources';
import { readJson, readYaml } from './read-documents';

@ApiTags('resources')
@Controller('resources')
@UseFilters(ResourceProblemsFilter)
export class ResourcesController {
  constructor(
    @Inject(SERVICE_RUNTIME) private readonly runtime: ServiceRuntime,
    @Inject(FIRING_LOOP) private readonly firing: FiringLoop,
  ) {}

  @ApplyResourcesEndpoint({
    summary: 'Create or update (apply) SchedulePolicy and MigrationSchedule documents',
    description:
      RESOURCES_BODY_DESCRIPTION +
      '. All or nothing: any problem answers 400 with ' +
      'every problem (document, kind, name, field path, line and column, message, fix) and nothing is applied.',
    example: 'apiVersion: stork.libopenstorage.org/v1alpha1\nkind: SchedulePolicy\nmetadata:\n  name: every-15m\npolicy:\n  interval:\n    intervalMinutes: 15\n',
    namespaceOf: 'a MigrationSchedule',
  })
  async apply(
    @Body() body: unknown,
    @Headers('content-type') contentType: string | undefined,
    @Query('namespace') namespace?: string,
  ): Promise<{ applied: Applied[]; warnings: unknown[] }> {
    const read = readResourcesRequest(body, contentType, namespace, { yaml: readYaml, json: readJson });

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
