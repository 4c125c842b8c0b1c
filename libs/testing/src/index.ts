// Helpers for Tandem's integration and end-to-end tests: real nats-server, Postgres, S3 and Kubernetes API server
// processes, real service processes, and the small utilities that make tests isolated from each other.
export { type AgentUnderTest, type StartAgentOptions, startAgent } from './agent.process';
export { type ProcessExit } from './child-exit.util';
export { freePort } from './free-port.util';
export { type KubeApiServerHandle, type KubeApiServerOptions, startKubeApiServer } from './kube-apiserver.process';
export { type KubeIdentity, type KubeIdentitySpec } from './kube-credentials.util';
export { type KubeEndpoint, type KubeRequestOptions, type KubeResponse, kubeRequest } from './kube-https.util';
export { type KubeGrant } from './kube-rbac.util';
export { etcdBinary, kubeApiServerBinary, pinnedEtcdVersion, pinnedKubernetesVersion } from './kube-tools.binary';
export { natsServerBinary, pinnedNatsServerVersion } from './nats-server.binary';
export { type NatsServerHandle, type NatsServerOptions, startNatsServer } from './nats-server.process';
export { postgresBinDir } from './postgres.binaries';
export { type ManifestObject, postgresStatefulSet } from './fixtures/postgres-statefulset.fixture';
export { type PostgresCluster, type PostgresClusterOptions, startPostgresCluster } from './postgres-cluster.process';
export { REGISTER_SCRIPT, REPO_ROOT } from './repo.paths';
export { type S3ServerHandle, type S3ServerOptions, startS3Server } from './s3-server.process';
export { pinnedSeaweedfsVersion, seaweedfsBinary } from './seaweedfs.binary';
export { ServiceProcess, type ServiceProcessOptions, startServiceProcess } from './service.process';
export {
  type HttpAnswer,
  httpRequest,
  type RunningService,
  type ServiceUnderTest,
  type ServiceUnderTestOptions,
  startService,
  type StartServiceOptions,
  startServiceUnderTest,
} from './service-under-test';
export { type CliRun, runTandemctl, type RunTandemctlOptions } from './tandemctl.runner';
export { tempDir } from './temp-dir.util';
export { fileStats, treeDigest } from './tree.digest';
export { type TestDatabase, createTestDatabase } from './test-database.postgres';
export { DEFAULT_TEST_PG_URL, testPostgresUrl } from './testing.config';
export { uniqueName } from './unique-name.util';
export { type WaitForCheck, type WaitForOptions, waitFor } from './wait-for.util';
export { type LinkProxy, startLinkProxy } from './link.proxy';
