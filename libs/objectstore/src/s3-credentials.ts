/** An S3 access key, as the S3 backend takes it. */
export interface S3Credentials {
  accessKeyId: string;
  secretAccessKey: string;
  sessionToken?: string;
}

/**
 * Reads S3 credentials as a Secret holds them: JSON `{accessKeyId, secretAccessKey, sessionToken?}`, or an AWS
 * credentials file (its first profile). Undefined when neither gives an access key and its secret.
 */
export function parseS3Credentials(text: string): S3Credentials | undefined {
  return text.trimStart().startsWith('{') ? parseJson(text) : parseIni(text);
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

/** The first profile of an AWS credentials file (`[default]` or any). */
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
