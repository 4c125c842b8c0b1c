import { Body, Controller, HttpCode, Inject, Post } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { arr, type Infer, labelNameSchema, obj, oneOf, opt, record, str } from '@tandem/contracts';
import { isPlatformError, type Platform } from '@tandem/platform';
import { ConflictError, UnavailableError, validateBody } from '@tandem/service';
import { type NamespaceActivation, switchNamespaces } from '../activations/activate-namespaces';
import { SITE } from '../tokens';

const activationRequest = obj({
  namespaces: arr(labelNameSchema, { min: 1, max: 1_000 }),
  /** Only the workloads with these labels (all of them). */
  selectors: opt(record(str({ min: 0, max: 63 }))),
  action: oneOf(['activate', 'deactivate'] as const),
});
type ActivationRequest = Infer<typeof activationRequest>;

@ApiTags('activations')
@Controller('activations')
export class ActivationsController {
  constructor(@Inject(SITE) private readonly site: Platform) {}

  @Post()
  @HttpCode(200)
  @ApiOperation({
    summary: 'Activate or deactivate the migrated applications of namespaces on this site',
    description:
      'activate: Deployments and StatefulSets get the replica count recorded at migration time, CronJobs their suspend, DaemonSets their node selector; ' +
      'deactivate: the reverse, the originals recorded. Answers per namespace what was switched. Refused (409) while the cluster domain of this site is deactivated.',
  })
  async switch(@Body(validateBody((b) => activationRequest.parse(b, 'body'))) body: ActivationRequest): Promise<{ action: string; namespaces: NamespaceActivation[] }> {
    try {
      const namespaces = await switchNamespaces(this.site, {
        action: body.action,
        namespaces: body.namespaces,
        ...(body.selectors && Object.keys(body.selectors).length > 0 ? { selector: { matchLabels: body.selectors } } : {}),
      });
      return { action: body.action, namespaces };
    } catch (error) {
      if (isPlatformError(error, 'Forbidden')) throw new ConflictError(error.message, { code: 'domain-fenced', cause: error });
      if (isPlatformError(error) && error.retryable) throw new UnavailableError(`this site's platform could not be reached: ${error.message}; try again`, { cause: error });
      throw error;
    }
  }
}
