import { Body, Controller, Headers, Inject, Query, UseFilters } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { ResourceProblemsError } from '@tandem/resources';
import { ApplyResourcesEndpoint, inDocumentOrder, InvalidInputError, readResourcesRequest, RESOURCES_BODY_DESCRIPTION, ResourceProblemsFilter, SERVICE_RUNTIME, type ServiceRuntime } from '@tandem/service';
import { type ApplyAction, upsertRule } from '../store/rules.store';
import { checkRules } from './check-rules';
import { readJson, readYaml } from './read-documents';

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

  @ApplyResourcesEndpoint({
    summary: 'Create or update (apply) Rule documents',
    description:
      RESOURCES_BODY_DESCRIPTION +
      '. All or nothing: any problem answers 400 with ' +
      'every problem (document, kind, name, field path, line and column, message, fix) and nothing is applied. Other kinds are ' +
      'answered with the service that keeps them (ClusterPair: failover; SchedulePolicy, MigrationSchedule, Migration: scheduler).',
    example: 'apiVersion: stork.libopenstorage.org/v1alpha1\nkind: Rule\nmetadata:\n  name: cassandra-presnap-rule\n  namespace: appns\nrules:\n  - podSelector:\n      app: cassandra\n    actions:\n      - type: command\n        value: nodetool flush\n',
    namespaceOf: 'a Rule',
  })
  async apply(
    @Body() body: unknown,
    @Headers('content-type') contentType: string | undefined,
    @Query('namespace') namespace?: string,
  ): Promise<{ applied: Applied[]; warnings: unknown[] }> {
    const read = readResourcesRequest(body, contentType, namespace, { yaml: readYaml, json: readJson });

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
