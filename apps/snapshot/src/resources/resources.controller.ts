import { Body, Controller, Headers, HttpCode, Inject, Post, Query, UnsupportedMediaTypeException, UseFilters } from '@nestjs/common';
import { ApiBody, ApiConsumes, ApiOperation, ApiQuery, ApiTags } from '@nestjs/swagger';
import { labelNameSchema } from '@tandem/contracts';
import { ResourceProblemsError } from '@tandem/resources';
import { InvalidInputError, SERVICE_RUNTIME, type ServiceRuntime } from '@tandem/service';
import { type ApplyAction, upsertRule } from '../store/rules.store';
import { checkRules, inDocumentOrder } from './check-rules';
import { readJson, type ReadOptions, readYaml } from './read-documents';
import { ResourceProblemsFilter } from './resource-problems.filter';
import { YAML_CONTENT_TYPES } from './yaml-body.middleware';

export interface Applied {
  kind: 'Rule';
  namespace: string;
  name: string;
  action: ApplyAction;
}

@ApiTags('resources')
@Controller('resources')
@UseFilters(ResourceProblemsFilter)
export class ResourcesController {
  constructor(@Inject(SERVICE_RUNTIME) private readonly runtime: ServiceRuntime) {}

  @Post()
  @HttpCode(200)
  @ApiOperation({
    summary: 'Create or update (apply) Rule documents',
    description:
      'YAML (application/yaml or text/plain; several documents separated by ---) or JSON (one resource, an array, or a List), ' +
      'under apiVersion stork.libopenstorage.org/v1alpha1 or tandem.dev/v1alpha1. All or nothing: any problem answers 400 with ' +
      'every problem (document, kind, name, field path, line and column, message, fix) and nothing is applied. Other kinds are ' +
      'answered with the service that keeps them (ClusterPair: failover; SchedulePolicy, MigrationSchedule, Migration: scheduler).',
  })
  @ApiConsumes('application/yaml', 'text/plain', 'application/json')
  @ApiBody({
    schema: {
      type: 'string',
      example: 'apiVersion: stork.libopenstorage.org/v1alpha1\nkind: Rule\nmetadata:\n  name: cassandra-presnap-rule\n  namespace: appns\nrules:\n  - podSelector:\n      app: cassandra\n    actions:\n      - type: command\n        value: nodetool flush\n',
    },
  })
  @ApiQuery({ name: 'namespace', required: false, description: 'namespace of a Rule that names none (default "default"), like kubectl -n' })
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

    const checked = checkRules(read);
    if (checked.problems.length > 0) throw new ResourceProblemsError(inDocumentOrder(checked.problems));
    if (checked.rules.length === 0) throw new InvalidInputError('the request holds no Rule document', { code: 'no-resources' });
    const applied = await this.runtime.db.transaction(async (m) => {
      const out: Applied[] = [];
      for (const rule of checked.rules) out.push({ kind: 'Rule', namespace: rule.metadata.namespace!, name: rule.metadata.name, action: await upsertRule(m, rule) });
      return out;
    });
    return { applied, warnings: checked.warnings };
  }
}
