export { TwoSiteLab, type TwoSiteLabOptions } from './two-site-lab';
export { type FailoverRequest, type FailoverStarted, type FailoverView, type ProtectedApplicationView } from './failover.view';
export { type MigrationView } from './migration.view';
export { type PostgresOnCopy } from './postgres-copy';
export { type WriterAck } from './writer-acks';
export { APP_NAMESPACE, CLUSTER_PAIR, DR_SITE, MIGRATION_SCHEDULE, PRIMARY, REVERSE_CLUSTER_PAIR, REVERSE_MIGRATION_SCHEDULE, SCHEDULE_POLICY, type SiteName } from './two-site.plan';
