import { readFile, realpath } from 'node:fs/promises';
import { isAbsolute, relative, sep } from 'node:path';
import type { MasterKeyRef, S3CredentialsRef } from '@tandem/contracts';
import { InvalidInputError } from '@tandem/service';
import { parseS3Credentials, type S3Credentials } from '@tandem/objectstore';

export interface SecretReaderOptions {
  /** Secret files must be under this directory (where the Secrets are mounted). */
  secretsDir: string;
  /** Environment variables named as secret holders must start with this. */
  envPrefix: string;
  readEnv: (name: string) => string | undefined;
}

const MASTER_KEY_BYTES = 32;

/**
 * Reads the secrets a command refers to: a file of a mounted Secret, or an environment variable. Commands name
 * them and never carry them, and a command may name only files under the secrets directory and variables with the
 * secrets prefix, so whoever can send a command cannot make the agent hand out its database password or any other
 * file as a credential.
 */
export class SecretReader {
  constructor(private readonly opts: SecretReaderOptions) {}

  async masterKey(ref: MasterKeyRef): Promise<Buffer> {
    const [text, where] = 'secretFile' in ref ? [await this.file(ref.secretFile), `file ${ref.secretFile}`] : [this.env(ref.env), `variable ${ref.env}`];
    const trimmed = text.trim();
    const bytes = /^[A-Za-z0-9+/]+={0,2}$/.test(trimmed) ? Buffer.from(trimmed, 'base64') : undefined;
    if (bytes?.length !== MASTER_KEY_BYTES) {
      throw new InvalidInputError(
        `the master key in ${where} is not ${MASTER_KEY_BYTES} bytes of base64 ` +
          `(${bytes ? `it decodes to ${bytes.length} bytes` : 'it is not base64'}); generate one with \`openssl rand -base64 32\``,
        { code: 'bad-master-key' },
      );
    }
    return bytes;
  }

  async s3Credentials(ref: S3CredentialsRef): Promise<S3Credentials> {
    if ('env' in ref) {
      const { accessKeyId, secretAccessKey, sessionToken } = ref.env;
      return {
        accessKeyId: this.env(accessKeyId),
        secretAccessKey: this.env(secretAccessKey),
        ...(sessionToken ? { sessionToken: this.env(sessionToken) } : {}),
      };
    }
    const text = await this.file(ref.secretFile);
    const parsed = parseS3Credentials(text);
    if (!parsed?.accessKeyId || !parsed.secretAccessKey) {
      throw new InvalidInputError(
        `S3 credentials file ${ref.secretFile} holds no access key: write JSON {"accessKeyId": …, "secretAccessKey": …} ` +
          'or an AWS credentials file (aws_access_key_id = …, aws_secret_access_key = …)',
        { code: 'bad-credentials' },
      );
    }
    return parsed;
  }

  private async file(path: string): Promise<string> {
    const root = await realpath(this.opts.secretsDir).catch(() => {
      throw new InvalidInputError(
        `secret file ${path} cannot be read: the secrets directory ${this.opts.secretsDir} (TANDEM_AGENT_SECRETS_DIR) does not exist on this agent; mount the Secret there`,
        { code: 'secret-unreadable' },
      );
    });
    const real = await realpath(path).catch((err: NodeJS.ErrnoException) => {
      throw new InvalidInputError(`secret file ${path} cannot be read (${err.code ?? err.message}): mount the Secret at that path`, { code: 'secret-unreadable' });
    });
    const rel = relative(root, real);
    // `..data/key` (how Kubernetes mounts a Secret) is inside; `../key` is not.
    if (rel === '..' || rel.startsWith(`..${sep}`) || isAbsolute(rel)) {
      throw new InvalidInputError(
        `secret file ${path} is outside the secrets directory ${this.opts.secretsDir} (TANDEM_AGENT_SECRETS_DIR): mount the Secret under it and name that file`,
        { code: 'secret-not-allowed' },
      );
    }
    return readFile(real, 'utf8');
  }

  private env(name: string): string {
    if (!name.startsWith(this.opts.envPrefix)) {
      throw new InvalidInputError(
        `environment variable ${name} may not hold a secret for a command: only variables starting with ${this.opts.envPrefix} (TANDEM_AGENT_SECRET_ENV_PREFIX) may`,
        { code: 'secret-not-allowed' },
      );
    }
    const value = this.opts.readEnv(name);
    if (!value) {
      throw new InvalidInputError(`environment variable ${name} is not set on this agent: set it (from a Secret) in the agent's environment`, {
        code: 'secret-unreadable',
      });
    }
    return value;
  }
}
