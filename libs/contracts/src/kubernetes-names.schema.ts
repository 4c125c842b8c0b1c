import { str } from './schema';

/** A Kubernetes object name (DNS-1123 subdomain): a ClusterPair, a SchedulePolicy, a MigrationSchedule, a Rule. */
export const objectNameSchema = str({ max: 253, pattern: /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/ });

/** A Kubernetes namespace, or any name that must be a DNS-1123 label (at most 63 characters), e.g. a migration's. */
export const labelNameSchema = str({ max: 63, pattern: /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/ });
