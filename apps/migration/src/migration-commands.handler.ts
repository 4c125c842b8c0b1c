import { Inject } from '@nestjs/common';
import { Ctx, Payload } from '@nestjs/microservices';
import { BusController, JetStreamContext, OnMessage } from '@tandem/bus';
import {
  ActivateApplications,
  ActivateApplicationsFailed,
  ApplicationsActivated,
  DataOf,
  DestinationVolumesPrepared,
  MigrateResources,
  MigrateResourcesFailed,
  PrepareDestinationVolumes,
  PrepareDestinationVolumesFailed,
  ResourcesMigrated,
} from '@tandem/contracts';
import type { JsonLogger } from '@tandem/observability';
import type { Platform } from '@tandem/platform';
import { SERVICE_RUNTIME, type ServiceRuntime } from '@tandem/service';
import { activateAndWait } from './activations/activate-and-wait';
import type { DestinationPlatforms } from './destination/destination-platforms';
import { migrateResources } from './resources/migrate-resources';
import { runOnce } from './runs/run-once';
import { DESTINATIONS, LOGGER, MIGRATION_SETTINGS, type MigrationSettings, SITE } from './tokens';
import { prepareDestinationVolumes } from './volumes/prepare-destination-volumes';

/** The protect path's two commands and the failover's activation, each done once per requestId (see `runOnce`). */
@BusController()
export class MigrationCommandsHandler {
  constructor(
    @Inject(SERVICE_RUNTIME) private readonly runtime: ServiceRuntime,
    @Inject(SITE) private readonly site: Platform,
    @Inject(DESTINATIONS) private readonly destinations: DestinationPlatforms,
    @Inject(MIGRATION_SETTINGS) private readonly settings: MigrationSettings,
    @Inject(LOGGER) private readonly logger: JsonLogger,
  ) {}

  @OnMessage(PrepareDestinationVolumes)
  async prepare(@Payload() cmd: DataOf<typeof PrepareDestinationVolumes>, @Ctx() ctx: JetStreamContext): Promise<void> {
    await runOnce(this.runtime, ctx, this.logger, {
      kind: 'prepare-destination-volumes',
      requestId: cmd.requestId,
      ...(cmd.sagaRef === undefined ? {} : { sagaRef: cmd.sagaRef }),
      clusterPair: { namespace: cmd.clusterPairNamespace, name: cmd.clusterPair },
      failurePrefix: `cannot prepare the volumes of ClusterPair ${cmd.clusterPairNamespace}/${cmd.clusterPair} on its destination`,
      succeeded: DestinationVolumesPrepared,
      failed: PrepareDestinationVolumesFailed,
      work: async () =>
        prepareDestinationVolumes(this.site, await this.destinations.open(cmd.destinationAccess), cmd, {
          bindTimeoutMs: this.settings.bindTimeoutMs,
          working: () => ctx.working(),
        }),
    });
  }

  @OnMessage(MigrateResources)
  async migrate(@Payload() cmd: DataOf<typeof MigrateResources>, @Ctx() ctx: JetStreamContext): Promise<void> {
    await runOnce(this.runtime, ctx, this.logger, {
      kind: 'migrate-resources',
      requestId: cmd.requestId,
      ...(cmd.sagaRef === undefined ? {} : { sagaRef: cmd.sagaRef }),
      migration: cmd.migration,
      clusterPair: { namespace: cmd.clusterPairNamespace, name: cmd.clusterPair },
      failurePrefix: `cannot migrate the resources of migration ${cmd.migration} to the destination of ClusterPair ${cmd.clusterPairNamespace}/${cmd.clusterPair}`,
      succeeded: ResourcesMigrated,
      failed: MigrateResourcesFailed,
      work: async () => migrateResources(this.site, await this.destinations.open(cmd.destinationAccess), cmd),
    });
  }

  @OnMessage(ActivateApplications)
  async activate(@Payload() cmd: DataOf<typeof ActivateApplications>, @Ctx() ctx: JetStreamContext): Promise<void> {
    await runOnce(this.runtime, ctx, this.logger, {
      kind: 'activate-applications',
      requestId: cmd.requestId,
      ...(cmd.sagaRef === undefined ? {} : { sagaRef: cmd.sagaRef }),
      failurePrefix: `cannot ${cmd.action} the applications of namespace${cmd.namespaces.length === 1 ? '' : 's'} ${cmd.namespaces.join(', ')} on this site`,
      succeeded: ApplicationsActivated,
      failed: ActivateApplicationsFailed,
      work: () => activateAndWait(this.site, cmd, { working: () => ctx.working() }),
    });
  }
}
