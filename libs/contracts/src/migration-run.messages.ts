import { labelNameSchema } from './kubernetes-names.schema';
import { defineMessage } from './message-definition';
import { MIGRATION_END_STATUSES } from './scheduler.messages';
import { isoTime, obj, oneOf, opt, str } from './schema';

/**
 * The end of one migration (the protect saga of a scheduled run), as the coordinator reports it. The scheduler
 * marks its record finished (once, however often the event comes) and applies the policy's retention.
 */
export const MigrationFinished = defineMessage({
  kind: 'event',
  service: 'coordinator',
  name: 'migration-finished',
  version: 1,
  description: 'A migration ended: Successful, PartialSuccess or Failed, with the reason when it was not Successful.',
  schema: obj({
    /** The migration's name, as in `migration-requested`. */
    migration: labelNameSchema,
    /** Its namespace: the schedule's. Migration names are unique per namespace, as Kubernetes objects are. */
    namespace: labelNameSchema,
    status: oneOf(MIGRATION_END_STATUSES),
    finishedAt: isoTime(),
    reason: opt(str({ max: 4_000 })),
  }),
});
