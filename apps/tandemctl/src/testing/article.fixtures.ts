/**
 * The SchedulePolicy and MigrationSchedule of "Disaster Recovery Strategies for Red Hat OpenShift" (Portworx PX-DR
 * on OpenShift, shared/reference/px-dr-on-openshift.txt), indentation restored: the same text as the resources lib's
 * fixtures (which its index does not export), as a person would paste it. A copy of apps/scheduler's: apps do not
 * import each other.
 */
export const ARTICLE_SCHEDULE_POLICY = `apiVersion: stork.libopenstorage.org/v1alpha1
kind: SchedulePolicy
metadata:
  name: sched-policy
  namespace: appns
policy:
  interval:
    intervalMinutes: 1
  daily:
    time: "10:14PM"
  weekly:
    day: "Thursday"
    time: "10:13PM"
  monthly:
    date: 14
    time: "8:05PM"
`;

export const ARTICLE_MIGRATION_SCHEDULE = `apiVersion: stork.libopenstorage.org/v1alpha1
kind: MigrationSchedule
metadata:
  name: migrationschedule
  namespace: appns
spec:
  template:
    spec:
      clusterPair: dr-site
      includeResources: true
      startApplications: false
      includeVolumes: false
      namespaces:
        - demo
  schedulePolicyName: sched-policy
`;

/** The article's pre-snapshot rule for Cassandra (a kind the snapshot service keeps). */
export const ARTICLE_RULE = `apiVersion: stork.libopenstorage.org/v1alpha1
kind: Rule
metadata:
  name: cassandra-presnap-rule
spec:
  - podSelector:
      app: cassandra
    actions:
      - type: command
        value: nodetool flush
`;
