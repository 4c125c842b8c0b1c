import type { DrResource } from '@tandem/resources';
import type { CommandContext } from './command-context';

/** The resources among `resources` that their service already keeps (what `create` refuses). */
export async function existingOf(ctx: CommandContext, resources: readonly DrResource[]): Promise<DrResource[]> {
  const scheduler = lazy(() => ctx.scheduler());
  const failover = lazy(() => ctx.failover());
  const snapshot = lazy(() => ctx.snapshot());
  const coordinator = lazy(() => ctx.coordinator());
  const found = await Promise.all(
    resources.map(async (r) => {
      const namespace = r.metadata.namespace ?? ctx.config.namespace;
      switch (r.kind) {
        case 'SchedulePolicy':
          return (await scheduler().findPolicy(r.metadata.name)) !== undefined;
        case 'MigrationSchedule':
          return (await scheduler().findSchedule(namespace, r.metadata.name)) !== undefined;
        case 'ClusterPair':
          return (await failover().find(namespace, r.metadata.name)) !== undefined;
        case 'Rule':
          return (await snapshot().find(namespace, r.metadata.name)) !== undefined;
        case 'Migration':
          // A one-off migration is a protect saga of the coordinator: there while it runs and after, until deleted.
          return (await coordinator().findMigration(namespace, r.metadata.name)) !== undefined;
      }
    }),
  );
  return resources.filter((_, i) => found[i]);
}

function lazy<T>(make: () => T): () => T {
  let made: T | undefined;
  return () => (made ??= make());
}
