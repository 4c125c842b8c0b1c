import { readFile } from 'node:fs/promises';
import { type Platform, secretData } from '@tandem/platform';
import type { SecretRef } from '@tandem/resources';

export interface S3Credentials {
  accessKeyId: string;
  secretAccessKey: string;
  sessionToken?: string;
}

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
  const parsed = text.trimStart().startsWith('{') ? parseJson(text) : parseIni(text);
  if (!parsed) {
    return {
      ok: false,
      reason: `${where} key ${key} holds no access key: write JSON {"accessKeyId": …, "secretAccessKey": …} or an AWS credentials file (aws_access_key_id = …, aws_secret_access_key = …)`,
    };
  }
  return { ok: true, value: parsed };
}

function parseJson(text: string): S3Credentials | undefined {
  try {
    const v = JSON.parse(text) as Partial<S3Credentials>;
    return typeof v.accessKeyId === 'string' && typeof v.secretAccessKey === 'string'
      ? { accessKeyId: v.accessKeyId, secretAccessKey: v.secretAccessKey, ...(typeof v.sessionToken === 'string' ? { sessionToken: v.sessionToken } : {}) }
      : undefined;
  } catch {
    return undefined;
  }
}

/** The first profile of an AWS credentials file. */
function parseIni(text: string): S3Credentials | undefined {
  const values = new Map<string, string>();
  for (const line of text.split(/\r?\n/)) {
    if (/^\s*\[/.test(line) && values.size > 0) break;
    const m = /^\s*([a-z_]+)\s*=\s*(.*?)\s*$/.exec(line);
    if (m) values.set(m[1]!, m[2]!);
  }
  const accessKeyId = values.get('aws_access_key_id');
  const secretAccessKey = values.get('aws_secret_access_key');
  const sessionToken = values.get('aws_session_token');
  return accessKeyId && secretAccessKey ? { accessKeyId, secretAccessKey, ...(sessionToken ? { sessionToken } : {}) } : undefined;
}
