import { Body, Controller, Headers, HttpCode, Inject, Post, Query, UnsupportedMediaTypeException, UseFilters } from '@nestjs/common';
import { ApiBody, ApiConsumes, ApiOperation, ApiQuery, ApiTags } from '@nestjs/swagger';
import type { Platform } from '@tandem/platform';
import { ResourceProblemsError } from '@tandem/resources';
import { InvalidInputError, SERVICE_RUNTIME, type ServiceRuntime } from '@tandem/service';
import { namespaceParam } from '../api/request-params';
import { ensureDomains } from '../domains/domains.store';
import { ApplyAction, upsertPair } from '../pairs/cluster-pairs.store';
import type { PairChecker } from '../pairs/pair-checker';
import { PAIR_CHECKER, SITE_PLATFORM } from '../tokens';
import { applySecret, SECRET_FIELD_MANAGER, type SecretAction } from './apply-secrets';
import { checkResources, inDocumentOrder } from './check-resources';
import { readJson, ReadOptions, readYaml } from './read-documents';
import { ResourceProblemsFilter } from './resource-problems.filter';
import { YAML_CONTENT_TYPES } from './yaml-body.middleware';

export interface AppliedPair {
  kind: 'ClusterPair';
  namespace: string;
  name: string;
  action: ApplyAction;
  status: { state: 'Ready' | 'NotReady'; reason?: string; mode: 'async' | 'sync'; checkedAt: string };
}

/** A Secret applied to this site's platform: named, never its values. */
export interface AppliedSecret {
  kind: 'Secret';
  namespace: string;
  name: string;
  action: SecretAction;
}

export type Applied = AppliedSecret | AppliedPair;

@ApiTags('resources')
@Controller('resources')
@UseFilters(ResourceProblemsFilter)
export class ResourcesController {
  constructor(
    @Inject(SERVICE_RUNTIME) private readonly runtime: ServiceRuntime,
    @Inject(PAIR_CHECKER) private readonly checker: PairChecker,
    @Inject(SITE_PLATFORM) private readonly site: Platform,
  ) {}

  @Post()
  @HttpCode(200)
  @ApiOperation({
    summary: 'Create or update (apply) ClusterPair documents, each checked and its status recorded, and the Secrets they name',
    description:
      'YAML (application/yaml or text/plain; several documents separated by ---) or JSON (one resource, an array, or a List), ' +
      'under apiVersion stork.libopenstorage.org/v1alpha1 or tandem.dev/v1alpha1. All or nothing: any problem answers 400 with ' +
      'every problem (document, kind, name, field path, line and column, message, fix) and nothing is applied. Each pair is ' +
      "checked (its destination access Secret, its endpoints' /healthz, its object store) and recorded Ready or NotReady with the reason. " +
      'Opaque `v1 Secret` documents (what `generate clusterpair` prints before the pair on a lab site) are applied to this site\'s ' +
      `platform first, with server-side apply (field manager ${SECRET_FIELD_MANAGER}), so a pair in the same request finds its ` +
      'access Secret; they are answered by name and action, never with their values. Other core kinds are refused: apply them with kubectl.',
  })
  @ApiConsumes('application/yaml', 'text/plain', 'application/json')
  @ApiBody({ schema: { type: 'string', example: 'apiVersion: tandem.dev/v1alpha1\nkind: ClusterPair\nmetadata:\n  name: dr-site\n  namespace: appns\nspec:\n  destination:\n    endpoints: [https://tandem.dr-site.example.com]\n' } })
  @ApiQuery({ name: 'namespace', required: false, description: 'namespace of a ClusterPair that names none (default "default"), or of a Secret that names none (required then), like kubectl -n' })
  async apply(
    @Body() body: unknown,
    @Headers('content-type') contentType: string | undefined,
    @Query('namespace') namespace?: string,
  ): Promise<{ applied: Applied[]; warnings: unknown[] }> {
    const options: ReadOptions = namespace === undefined ? {} : { defaultNamespace: namespaceParam(namespace) };
    let read;
    if (typeof body === 'string' && YAML_CONTENT_TYPES.test(contentType ?? '')) read = readYaml(body, options);
    else if (/^\s*application\/json\s*(;|$)/i.test(contentType ?? '')) read = readJson(body, options);
    else throw new UnsupportedMediaTypeException(`send the resources as YAML (Content-Type: application/yaml) or JSON (application/json); got ${contentType ?? 'no Content-Type'}`);

    const checked = checkResources(read);
    if (checked.problems.length > 0) throw new ResourceProblemsError(inDocumentOrder(checked.problems));
    if (checked.pairs.length === 0 && checked.secrets.length === 0) {
      throw new InvalidInputError('the request holds no ClusterPair (or Secret) document', { code: 'no-resources' });
    }

    // Secrets first, one by one in document order: a pair below may name one of them.
    const appliedSecrets: AppliedSecret[] = [];
    for (const { secret } of checked.secrets) {
      const action = await applySecret(this.site, secret);
      appliedSecrets.push({ kind: 'Secret', namespace: secret.metadata.namespace, name: secret.metadata.name, action });
    }
    if (checked.pairs.length === 0) return { applied: appliedSecrets, warnings: checked.warnings };

    // The checks reach other sites: done before the transaction, which then records pairs and statuses together.
    const statuses = await Promise.all(checked.pairs.map(({ pair }) => this.checker.check(pair)));
    const applied = await this.runtime.db.transaction(async (m) => {
      const out: AppliedPair[] = [];
      for (const [i, { pair }] of checked.pairs.entries()) {
        const status = statuses[i]!;
        const action = await upsertPair(m, pair, status);
        out.push({
          kind: 'ClusterPair',
          namespace: pair.metadata.namespace!,
          name: pair.metadata.name,
          action,
          status: { state: status.state, ...(status.reason ? { reason: status.reason } : {}), mode: status.mode, checkedAt: status.checkedAt.toISOString() },
        });
      }
      await ensureDomains(m, checked.pairs.flatMap(({ pair }) => (pair.destination.clusterDomain ? [pair.destination.clusterDomain] : [])));
      return out;
    });
    return { applied: [...appliedSecrets, ...applied], warnings: checked.warnings };
  }
}
