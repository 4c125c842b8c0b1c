import { bool, obj, oneOf, opt, str } from './schema';
import type { Infer } from './schema';
import { exactlyOneOf, tagged } from './union.schema';

/**
 * Where a cluster pair's recovery points live, and how to open them. Secrets are never in a message: a command
 * names a file (a mounted Kubernetes Secret) or environment variables of the agent that hold them.
 */

/** An environment variable's name, e.g. `TANDEM_SECRET_S3_KEY_ID`. */
export const envVarName = str({ max: 128, pattern: /^[A-Z_][A-Z0-9_]*$/ });

/** An absolute path to a file, e.g. a key of a mounted Secret: `/var/run/secrets/tandem/pair-a/master-key`. */
export const secretFilePath = str({ max: 1024, pattern: /^\/[^\0]*$/ });

/** S3 credentials: a file (JSON `{accessKeyId, secretAccessKey, sessionToken?}` or AWS `credentials` ini) or env names. */
export const s3CredentialsRefSchema = exactlyOneOf({
  secretFile: secretFilePath,
  env: obj({ accessKeyId: envVarName, secretAccessKey: envVarName, sessionToken: opt(envVarName) }),
});
export type S3CredentialsRef = Infer<typeof s3CredentialsRefSchema>;

/** A repository's master key (32 bytes, base64): a file holding it or the name of a variable holding it. */
export const masterKeyRefSchema = exactlyOneOf({ secretFile: secretFilePath, env: envVarName });
export type MasterKeyRef = Infer<typeof masterKeyRefSchema>;

const objectPrefix = str({ max: 512, pattern: /^[A-Za-z0-9._-]+(\/[A-Za-z0-9._-]+)*$/ });

export const storeRefSchema = tagged('kind', {
  /** A directory (a shared filesystem, or one machine's lab). */
  fs: obj({ kind: oneOf(['fs'] as const), path: str({ max: 1024, pattern: /^\/[^\0]*$/ }) }),
  /** A NATS JetStream object store bucket, reached over the agent's own NATS connection. */
  nats: obj({ kind: oneOf(['nats'] as const), bucket: str({ max: 64, pattern: /^[A-Za-z0-9_-]+$/ }) }),
  /** An S3 bucket (AWS or compatible). */
  s3: obj({
    kind: oneOf(['s3'] as const),
    endpoint: opt(str({ max: 512, pattern: /^https?:\/\/[^\s]+$/ })),
    region: str({ max: 64 }),
    bucket: str({ max: 63, pattern: /^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/ }),
    prefix: opt(objectPrefix),
    forcePathStyle: opt(bool()),
    credentialsRef: s3CredentialsRefSchema,
  }),
});
export type StoreRef = Infer<typeof storeRefSchema>;

/** The repository inside a store: its master key encrypts the per-repository data keys. */
export const repositoryRefSchema = obj({ masterKeyRef: masterKeyRefSchema });
export type RepositoryRef = Infer<typeof repositoryRefSchema>;
