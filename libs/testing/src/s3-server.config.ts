import { randomBytes } from 'node:crypto';

/** The ports `weed mini` listens on, all given explicitly: it then fails rather than silently moving one. */
export interface WeedMiniPorts {
  master: number;
  masterGrpc: number;
  volume: number;
  volumeGrpc: number;
  filer: number;
  filerGrpc: number;
  s3: number;
  s3Grpc: number;
  admin: number;
  adminGrpc: number;
}

export const WEED_MINI_PORT_NAMES: readonly (keyof WeedMiniPorts)[] = [
  'master', 'masterGrpc', 'volume', 'volumeGrpc', 'filer', 'filerGrpc', 's3', 's3Grpc', 'admin', 'adminGrpc',
];

export interface S3Credentials {
  accessKeyId: string;
  secretAccessKey: string;
}

/** Fresh credentials for one server: nothing to leak, nothing shared between runs. */
export function generateS3Credentials(): S3Credentials {
  return {
    accessKeyId: `TANDEM${randomBytes(7).toString('hex').toUpperCase()}`,
    secretAccessKey: randomBytes(30).toString('base64url'),
  };
}

/** SeaweedFS's S3 identities file: one identity allowed everything. */
export function s3IdentitiesConfig(credentials: S3Credentials): string {
  return `${JSON.stringify(
    {
      identities: [
        {
          name: 'tandem-test',
          credentials: [{ accessKey: credentials.accessKeyId, secretKey: credentials.secretAccessKey }],
          actions: ['Admin', 'Read', 'Write', 'List', 'Tagging'],
        },
      ],
    },
    null,
    2,
  )}\n`;
}

export interface WeedMiniArgsInput {
  dataDir: string;
  runDir: string;
  identitiesFile: string;
  bucket: string;
  ports: WeedMiniPorts;
}

/**
 * `weed mini`: master, volume server, filer and S3 gateway in one process, on loopback only. WebDAV and the
 * Iceberg/Lance catalogs are off; telemetry is off (no outbound calls from tests). Unix sockets go to `runDir`
 * so parallel servers never share `/tmp/seaweedfs-*.sock`.
 */
export function weedMiniArgs({ dataDir, runDir, identitiesFile, bucket, ports }: WeedMiniArgsInput): string[] {
  return [
    'mini',
    `-dir=${dataDir}`,
    '-ip=127.0.0.1',
    '-ip.bind=127.0.0.1',
    `-master.port=${ports.master}`,
    `-master.port.grpc=${ports.masterGrpc}`,
    '-master.telemetry=false',
    `-volume.port=${ports.volume}`,
    `-volume.port.grpc=${ports.volumeGrpc}`,
    `-filer.port=${ports.filer}`,
    `-filer.port.grpc=${ports.filerGrpc}`,
    `-filer.localSocket=${runDir}/filer.sock`,
    `-s3.port=${ports.s3}`,
    `-s3.port.grpc=${ports.s3Grpc}`,
    `-s3.localSocket=${runDir}/s3.sock`,
    '-s3.port.iceberg=0',
    '-s3.port.lance=0',
    `-s3.config=${identitiesFile}`,
    `-bucket=${bucket}`,
    `-admin.port=${ports.admin}`,
    `-admin.port.grpc=${ports.adminGrpc}`,
    '-admin.port.legacy=0',
    '-admin.ui=false',
    '-webdav=false',
  ];
}

/**
 * Unix sockets `weed mini` opens next to its gRPC ports at fixed paths under /tmp (not configurable); removed
 * when the server is destroyed, since a SIGKILL leaves them behind.
 */
export function weedGrpcSockets(ports: WeedMiniPorts): string[] {
  return [
    ['master', ports.masterGrpc],
    ['volume', ports.volumeGrpc],
    ['filer', ports.filerGrpc],
    ['s3', ports.s3Grpc],
    ['admin', ports.adminGrpc],
  ].map(([service, port]) => `/tmp/seaweedfs-${service}-grpc-${port}.sock`);
}
