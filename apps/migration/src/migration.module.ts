import { DynamicModule, Inject, Module, OnApplicationShutdown } from '@nestjs/common';
import type { JsonLogger } from '@tandem/observability';
import type { Platform } from '@tandem/platform';
import { ServiceRuntime, ServiceRuntimeModule } from '@tandem/service';
import { ActivationsController } from './api/activations.controller';
import { ResourceMigrationsController } from './api/resource-migrations.controller';
import { DestinationPlatforms } from './destination/destination-platforms';
import { MigrationCommandsHandler } from './migration-commands.handler';
import { DESTINATIONS, LOGGER, MIGRATION_SETTINGS, type MigrationSettings, SITE } from './tokens';

@Module({})
export class MigrationModule implements OnApplicationShutdown {
  constructor(
    @Inject(SITE) private readonly site: Platform,
    @Inject(DESTINATIONS) private readonly destinations: DestinationPlatforms,
  ) {}

  static forRoot(runtime: ServiceRuntime, site: Platform, settings: MigrationSettings, logger: JsonLogger): DynamicModule {
    return {
      module: MigrationModule,
      imports: [ServiceRuntimeModule.forRoot(runtime)],
      controllers: [ResourceMigrationsController, ActivationsController, MigrationCommandsHandler],
      providers: [
        { provide: SITE, useValue: site },
        { provide: DESTINATIONS, useValue: new DestinationPlatforms(site, logger.child('destinations')) },
        { provide: MIGRATION_SETTINGS, useValue: settings },
        { provide: LOGGER, useValue: logger.child('commands') },
      ],
    };
  }

  /** The platforms close once the transport drained: no handler uses them any more. */
  async onApplicationShutdown(): Promise<void> {
    await this.destinations.close();
    await this.site.close();
  }
}
