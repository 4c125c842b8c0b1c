import { Body, Controller, Get, HttpCode, Inject, Param, Post } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { domainName, obj, opt, str } from '@tandem/contracts';
import { JsonLogger } from '@tandem/observability';
import type { Platform } from '@tandem/platform';
import { InvalidInputError, NotFoundError, SERVICE_RUNTIME, type ServiceRuntime, UnavailableError, validateBody } from '@tandem/service';
import type { FailoverConfig } from '../config';
import type { DomainSwitch } from '../domains/domain-switch';
import { switchAndFence } from '../domains/switch-and-fence';
import { type DomainView, domainViews } from '../domains/domain-view';
import { FAILOVER_CONFIG, SITE_PLATFORM } from '../tokens';

const switchBody = obj({ reason: opt(str({ min: 1, max: 500 })) });
type SwitchBody = { reason?: string };
const parseSwitchBody = (body: unknown) => (body === undefined || body === null || body === '' ? { ok: true as const, value: {} } : switchBody.parse(body, 'body'));

function domainParam(value: string): string {
  const r = domainName.parse(value, 'cluster domain');
  if (!r.ok) throw new InvalidInputError(`${r.reason} (a cluster domain name, e.g. primary or dr-site)`);
  return r.value;
}

@ApiTags('clusterdomains')
@Controller('clusterdomains')
export class ClusterDomainsController {
  constructor(
    @Inject(SERVICE_RUNTIME) private readonly runtime: ServiceRuntime,
    @Inject(FAILOVER_CONFIG) private readonly config: FailoverConfig,
    @Inject(SITE_PLATFORM) private readonly site: Platform,
    private readonly logger: JsonLogger,
  ) {}

  @Get()
  @ApiOperation({ summary: 'The cluster domains this site knows, each Active or Inactive, its sync status (InSync, SyncInProgress, NotInSync, Unknown), epoch, agents and latency' })
  async list(): Promise<{ items: DomainView[] }> {
    return { items: await this.views() };
  }

  @Get(':name')
  @ApiOperation({ summary: 'One cluster domain and its status' })
  async get(@Param('name') name: string): Promise<DomainView> {
    return this.view(domainParam(name));
  }

  @Post(':name/deactivate')
  @HttpCode(200)
  @ApiOperation({ summary: "Deactivate (fence) a cluster domain: raise its epoch, tell its agents, and fence this site's platform when it is this site's domain" })
  deactivate(@Param('name') name: string, @Body(validateBody(parseSwitchBody)) body: SwitchBody) {
    return this.switch(domainParam(name), 'deactivate', body.reason);
  }

  @Post(':name/activate')
  @HttpCode(200)
  @ApiOperation({ summary: 'Activate a cluster domain under a new epoch; activating an active domain changes nothing' })
  activate(@Param('name') name: string, @Body(validateBody(parseSwitchBody)) body: SwitchBody) {
    return this.switch(domainParam(name), 'activate', body.reason);
  }

  private async switch(domain: string, action: DomainSwitch, reason: string | undefined): Promise<{ changed: boolean; previousEpoch?: number; domain: DomainView }> {
    const result = await switchAndFence({ runtime: this.runtime, site: this.site, localDomain: this.config.domain, logger: this.logger }, domain, action, reason);
    if (result.outcome === 'unknown-domain') throw this.unknown(domain);
    if (result.fenceError !== undefined) throw new UnavailableError(result.fenceError);
    return {
      changed: result.outcome === 'changed',
      ...(result.outcome === 'changed' ? { previousEpoch: result.previousEpoch } : {}),
      domain: await this.view(domain),
    };
  }

  private views(): Promise<DomainView[]> {
    return domainViews(this.runtime.db, { localDomain: this.config.domain, staleMs: this.config.heartbeatStaleMs });
  }

  private async view(domain: string): Promise<DomainView> {
    const found = (await this.views()).find((d) => d.name === domain);
    if (!found) throw this.unknown(domain);
    return found;
  }

  private unknown(domain: string): NotFoundError {
    return new NotFoundError(
      `cluster domain ${domain} is not known on this site: it becomes known with this site's TANDEM_DOMAIN, a ClusterPair whose destination names it, or a heartbeat of its agents (\`tandemctl get clusterdomainsstatus\` lists them)`,
    );
  }
}
