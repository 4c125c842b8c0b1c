import { Body, Controller, Headers, Inject, Query, UseFilters } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import type { Platform } from '@tandem/platform';
import { ResourceProblemsError } from '@tandem/resources';
import {
  ApplyResourcesEndpoint,
  inDocumentOrder,
  InvalidInputError,
  readResourcesRequest,
  RESOURCES_BODY_DESCRIPTION,
  ResourceProblemsFilter,
  SERVICE_RUNTIME,
  type ServiceRuntime,
} from '@tandem/service';
import { ensureDomains } from '../domains/domains.store';
import { ApplyAction, upsertPair } from '../pairs/cluster-pairs.store';
import type { PairChecker } from '../pairs/pair-checker';
import { PAIR_CHECKER, SITE_PLATFORM } from '../tokens';
import { applySecret, SECRET_FIELD_MANAGER, type SecretAction } from './apply-secrets';
import { checkResources } from './check-resources';
import { readJson, readYaml } from './read-documents';

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

  @ApplyResourcesEndpoint({
    summary: 'Create or update (apply) ClusterPair documents, each checked and its status recorded, and the Secrets they name',
    description:
      RESOURCES_BODY_DESCRIPTION +
      '. All or nothing: any problem answers 400 with ' +
      'every problem (document, kind, name, field path, line and column, message, fix) and nothing is applied. Each pair is ' +
      "checked (its destination access Secret, its endpoints' /healthz, its object store) and recorded Ready or NotReady with the reason. " +
      'Opaque `v1 Secret` documents (what `generate clusterpair` prints before the pair on a lab site) are applied to this site\'s ' +
      `platform first, with server-side apply (field manager ${SECRET_FIELD_MANAGER}), so a pair in the same request finds its ` +
      'access Secret; they are answered by name and action, never with their values. A Secret names its ' +
      'namespace or is sent with ?namespace=. Other core kinds are refused: apply them with kubectl.',
    example: 'apiVersion: tandem.dev/v1alpha1\nkind: ClusterPair\nmetadata:\n  name: dr-site\n  namespace: appns\nspec:\n  destination:\n    endpoints: [https://tandem.dr-site.example.com]\n',
    namespaceOf: 'a ClusterPair or a Secret',
  })
  async apply(
    @Body() body: unknown,
    @Headers('content-type') contentType: string | undefined,
    @Query('namespace') namespace?: string,
  ): Promise<{ applied: Applied[]; warnings: unknown[] }> {
    const read = readResourcesRequest(body, contentType, namespace, { yaml: readYaml, json: readJson });

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
