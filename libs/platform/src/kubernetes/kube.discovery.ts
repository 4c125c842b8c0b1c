import { apiVersionOf, groupOf, type ResourceType } from '../model/kube-object';
import { PlatformError } from '../platform.errors';
import { toPlatformError } from './kube.errors';
import type { KubeHttp } from './kube.http';

interface ApiResource {
  name: string;
  kind: string;
  namespaced: boolean;
  verbs: string[];
}
interface ApiResourceList {
  groupVersion: string;
  resources: ApiResource[];
}
interface ApiGroupList {
  groups: { name: string; preferredVersion?: { groupVersion: string; version: string }; versions: { groupVersion: string; version: string }[] }[];
}

/**
 * What the API server serves: the core group and every group's served versions, custom resources included.
 * Types are cached; a type not in the cache (a CRD applied since) refreshes it once before it is declared missing.
 */
export class KubeDiscovery {
  private cache: ResourceType[] | undefined;

  constructor(
    private readonly http: KubeHttp,
    private readonly site: string,
  ) {}

  /** Every type, preferred version of each group first; subresources (`deployments/scale`) left out. */
  async all(refresh = false): Promise<ResourceType[]> {
    if (this.cache !== undefined && !refresh) return this.cache;
    try {
      const types: ResourceType[] = [];
      const core = await this.http.request<ApiResourceList>({ method: 'GET', path: '/api/v1' });
      types.push(...toTypes('', 'v1', core));
      const groups = await this.http.request<ApiGroupList>({ method: 'GET', path: '/apis' });
      const lists = await Promise.all(
        groups.groups.flatMap((group) => {
          const preferred = group.preferredVersion?.version;
          const versions = [...group.versions].sort((a, b) => Number(b.version === preferred) - Number(a.version === preferred));
          return versions.map(async (version) => ({
            group: group.name,
            version: version.version,
            list: await this.http.request<ApiResourceList>({ method: 'GET', path: `/apis/${version.groupVersion}` }).catch((error: unknown) => {
              // An aggregated API that is down (e.g. metrics) must not hide everything else.
              if (error instanceof Error && 'statusCode' in error && (error as { statusCode: number }).statusCode === 503) return { groupVersion: version.groupVersion, resources: [] };
              throw error;
            }),
          }));
        }),
      );
      for (const { group, version, list } of lists) types.push(...toTypes(group, version, list));
      this.cache = types;
      return types;
    } catch (error) {
      throw toPlatformError(error, undefined, `discovery on site ${this.site}`);
    }
  }

  /** The type of an `apiVersion`/`kind`, or `NotFound` naming it and suggesting the CRD. */
  async resolve(apiVersion: string, kind: string): Promise<ResourceType> {
    const find = (types: ResourceType[]) => types.find((type) => apiVersionOf(type) === apiVersion && type.kind === kind);
    const found = find(await this.all()) ?? find(await this.all(true));
    if (found !== undefined) return found;
    const group = groupOf(apiVersion);
    throw new PlatformError(
      'NotFound',
      `site ${this.site} serves no ${kind} in ${apiVersion}${group === '' || group.endsWith('.k8s.io') || !group.includes('.') ? '' : `: is the CustomResourceDefinition of ${group} applied there?`}`,
      { ref: undefined },
    );
  }

  /** One entry per group and kind, in the group's preferred version: what collection walks. */
  async preferred(): Promise<ResourceType[]> {
    const seen = new Set<string>();
    return (await this.all(true)).filter((type) => {
      const key = `${type.group}|${type.kind}`;
      if (seen.has(key)) return false;
      seen.add(key);
      return true;
    });
  }

  invalidate(): void {
    this.cache = undefined;
  }
}

function toTypes(group: string, version: string, list: ApiResourceList): ResourceType[] {
  return list.resources
    .filter((resource) => !resource.name.includes('/'))
    .map((resource) => ({ group, version, kind: resource.kind, plural: resource.name, namespaced: resource.namespaced, verbs: resource.verbs ?? [] }));
}

/** The API path of a type's collection (in a namespace) or of one object. */
export function resourcePath(type: ResourceType, namespace: string | undefined, name?: string): string {
  const base = type.group === '' ? `/api/${type.version}` : `/apis/${type.group}/${type.version}`;
  const scope = type.namespaced && namespace !== undefined ? `/namespaces/${encodeURIComponent(namespace)}` : '';
  return `${base}${scope}/${type.plural}${name === undefined ? '' : `/${encodeURIComponent(name)}`}`;
}
