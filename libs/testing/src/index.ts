// Helpers for Tandem's integration and end-to-end tests: real nats-server and Postgres processes, real
// service processes, and the small utilities that make tests isolated from each other.
export { type ProcessExit } from './child-exit.util';
export { freePort } from './free-port.util';
export { natsServerBinary, pinnedNatsServerVersion } from './nats-server.binary';
export { type NatsServerHandle, type NatsServerOptions, startNatsServer } from './nats-server.process';
export { type PostgresCluster, type PostgresClusterOptions, startPostgresCluster } from './postgres-cluster.process';
export { REGISTER_SCRIPT, REPO_ROOT } from './repo.paths';
export { type S3ServerHandle, type S3ServerOptions, startS3Server } from './s3-server.process';
export { pinnedSeaweedfsVersion, seaweedfsBinary } from './seaweedfs.binary';
export { ServiceProcess, type ServiceProcessOptions, startServiceProcess } from './service.process';
export { tempDir } from './temp-dir.util';
export { type TestDatabase, createTestDatabase } from './test-database.postgres';
export { DEFAULT_TEST_PG_URL, testPostgresUrl } from './testing.config';
export { uniqueName } from './unique-name.util';
export { type WaitForCheck, type WaitForOptions, waitFor } from './wait-for.util';
