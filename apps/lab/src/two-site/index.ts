export { TwoSiteLab, type TwoSiteLabOptions } from './two-site-lab';
export { type MigrationView } from './migration.view';
export { type PostgresOnCopy } from './postgres-copy';
export { type WriterAck } from './writer-acks';
export { APP_NAMESPACE, CLUSTER_PAIR, DR_SITE, MIGRATION_SCHEDULE, PRIMARY, SCHEDULE_POLICY, type SiteName } from './two-site.plan';
