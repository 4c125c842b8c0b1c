import { readFile } from 'node:fs/promises';
import { type Platform, secretData } from '@tandem/platform';
import type { SecretRef } from '@tandem/resources';
import { parseS3Credentials, type S3Credentials } from '@tandem/objectstore';

export const DEFAULT_CREDENTIALS_KEY = 'credentials';

/**
 * The S3 credentials a pair's `credentialsSecretRef` names, as the agents will read them: the Secret's file mounted
 * under the secrets directory, or (not mounted here) the Secret itself on this site. JSON
 * `{accessKeyId, secretAccessKey, sessionToken?}` or an AWS credentials file.
 */
export async function readS3Credentials(
  ref: SecretRef & { namespace: string },
  file: string,
  site: Platform,
): Promise<{ ok: true; value: S3Credentials } | { ok: false; reason: string }> {
  const key = ref.key ?? DEFAULT_CREDENTIALS_KEY;
  const where = `Secret ${ref.namespace}/${ref.name} (spec.objectStore.credentialsSecretRef)`;
  let text = await readFile(file, 'utf8').catch(() => undefined);
  if (text === undefined) {
    const secret = await site.get({ apiVersion: 'v1', kind: 'Secret', namespace: ref.namespace, name: ref.name }).catch(() => undefined);
    if (!secret) return { ok: false, reason: `${where} is neither mounted at ${file} nor found on this site: create it with the key ${key}` };
    text = secretData(secret)[key];
    if (text === undefined) return { ok: false, reason: `${where} has no key ${key}: put the credentials there or name the key in credentialsSecretRef.key` };
  }
  const parsed = parseS3Credentials(text);
  if (!parsed) {
    return {
      ok: false,
      reason: `${where} key ${key} holds no access key: write JSON {"accessKeyId": …, "secretAccessKey": …} or an AWS credentials file (aws_access_key_id = …, aws_secret_access_key = …)`,
    };
  }
  return { ok: true, value: parsed };
}
