import { Segment } from '../problems/field-path';
import { Findings } from '../problems/findings';

/** Field and option names (lowercased) that would hold a credential itself rather than name the Secret holding it. */
const INLINE_CREDENTIAL_KEYS = new Set(
  [
    'accessKey',
    'accessKeyId',
    'secretAccessKey',
    'secretKey',
    'sessionToken',
    'password',
    'credentials',
    'objectStoreAccessKey',
    'objectStoreAccessKeyId',
    'objectStoreSecretKey',
    'objectStoreSecretAccessKey',
    'objectStoreSessionToken',
    'objectStorePassword',
    's3AccessKey',
    's3AccessKeyId',
    's3SecretKey',
    's3SecretAccessKey',
  ].map((k) => k.toLowerCase()),
);

export const isInlineCredential = (key: string): boolean => INLINE_CREDENTIAL_KEYS.has(key.toLowerCase());

/** The refusal, with where the reference goes instead (`objectStoreCredentialsSecret: <secret>` or `credentialsSecretRef: {name: <secret>}`). */
export function refuseInlineCredential(findings: Findings, at: readonly Segment[], key: string, useInstead: string): void {
  findings.problem(
    at,
    `inline credentials are not accepted: ${key} would hold a secret key in the resource itself`,
    `store it in a Kubernetes Secret (kubectl create secret generic <secret> --from-literal=${key}=...) and reference the Secret with ${useInstead}`,
  );
}
