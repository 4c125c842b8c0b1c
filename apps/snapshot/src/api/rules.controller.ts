import { Controller, Delete, Get, HttpCode, Inject, Param, Query } from '@nestjs/common';
import { ApiOperation, ApiQuery, ApiTags } from '@nestjs/swagger';
import { labelNameSchema, objectNameSchema } from '@tandem/contracts';
import { InvalidInputError, NotFoundError, SERVICE_RUNTIME, type ServiceRuntime } from '@tandem/service';
import { deleteRule, findRule, listRules, type StoredRule } from '../store/rules.store';

/** A Rule as the API shows it: Tandem's apiVersion, its metadata and its items as stored (defaults written out). */
export function ruleView(stored: StoredRule) {
  return {
    apiVersion: 'tandem.dev/v1alpha1',
    kind: 'Rule',
    metadata: { namespace: stored.namespace, name: stored.name, creationTimestamp: stored.createdAt.toISOString() },
    rules: stored.rule.rules,
  };
}

function namespaceParam(value: string): string {
  const r = labelNameSchema.parse(value, 'namespace');
  if (!r.ok) throw new InvalidInputError(`${r.reason} (a namespace name, e.g. appns)`);
  return r.value;
}

function nameParam(value: string): string {
  const r = objectNameSchema.parse(value, 'name');
  if (!r.ok) throw new InvalidInputError(`${r.reason} (a Kubernetes object name, e.g. pg-presnap)`);
  return r.value;
}

@ApiTags('rules')
@Controller('rules')
export class RulesController {
  constructor(@Inject(SERVICE_RUNTIME) private readonly runtime: ServiceRuntime) {}

  @Get()
  @ApiOperation({ summary: 'Every Rule, or those of one namespace' })
  @ApiQuery({ name: 'namespace', required: false })
  async list(@Query('namespace') namespace?: string) {
    const rules = await listRules(this.runtime.db, namespace === undefined ? undefined : namespaceParam(namespace));
    return { items: rules.map(ruleView) };
  }

  @Get(':namespace/:name')
  @ApiOperation({ summary: 'One Rule' })
  async get(@Param('namespace') namespace: string, @Param('name') name: string) {
    const rule = await findRule(this.runtime.db, namespaceParam(namespace), nameParam(name));
    if (!rule) throw new NotFoundError(`no Rule ${namespace}/${name}; GET /v1/rules?namespace=${namespace} lists the Rules of the namespace`, { code: 'rule-not-found' });
    return ruleView(rule);
  }

  @Delete(':namespace/:name')
  @HttpCode(204)
  @ApiOperation({ summary: 'Delete a Rule' })
  async delete(@Param('namespace') namespace: string, @Param('name') name: string): Promise<void> {
    const deleted = await deleteRule(this.runtime.db, namespaceParam(namespace), nameParam(name));
    if (!deleted) throw new NotFoundError(`no Rule ${namespace}/${name}`, { code: 'rule-not-found' });
  }
}
