import { domainName } from './agent-identity.schema';
import { labelNameSchema, objectNameSchema } from './kubernetes-names.schema';
import { defineMessage } from './message-definition';
import { MIGRATION_END_STATUSES } from './scheduler.messages';
import { arr, isoTime, obj, oneOf, opt, record, str } from './schema';

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
    /** What was protected and where to, so that the destination's site knows it (it imports this event). */
    schedule: opt(objectNameSchema),
    clusterPair: opt(objectNameSchema),
    sourceDomain: opt(domainName),
    destinationDomain: opt(domainName),
    namespaces: opt(arr(labelNameSchema, { max: 1_000 })),
    selectors: opt(record(str({ min: 0, max: 63 }))),
    /** When the group snapshot of a successful migration was taken: the point the destination now holds. */
    takenAt: opt(isoTime()),
  }),
});
