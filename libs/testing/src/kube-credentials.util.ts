import { generateKeyPair, randomBytes } from 'node:crypto';
import { promisify } from 'node:util';

/** A user of a test API server: who it is (user name, groups) and the bearer token that proves it. */
export interface KubeIdentity {
  /** The Kubernetes user name, e.g. `tandem`. */
  readonly name: string;
  /** Groups besides `system:authenticated`, which every authenticated user is in. */
  readonly groups: readonly string[];
  /** Bearer token (`Authorization: Bearer <token>`), valid only on the server that made it. */
  readonly token: string;
}

/** Who may be declared: the user name and groups of an identity, before it has a token. */
export interface KubeIdentitySpec {
  name: string;
  groups?: readonly string[];
}

export interface ServiceAccountKeyPair {
  /** PKCS#8 PEM, for --service-account-signing-key-file. */
  privateKeyPem: string;
  /** SPKI PEM, for --service-account-key-file. */
  publicKeyPem: string;
}

const generateKeyPairAsync = promisify(generateKeyPair);

/** The RSA key pair that signs (and verifies) the API server's service account tokens. */
export async function generateServiceAccountKeyPair(): Promise<ServiceAccountKeyPair> {
  const { privateKey, publicKey } = await generateKeyPairAsync('rsa', {
    modulusLength: 2048,
    privateKeyEncoding: { type: 'pkcs8', format: 'pem' },
    publicKeyEncoding: { type: 'spki', format: 'pem' },
  });
  return { privateKeyPem: privateKey, publicKeyPem: publicKey };
}

/** Gives each declared identity a fresh random token; refuses names the token file cannot hold. */
export function issueTokens(specs: readonly KubeIdentitySpec[]): KubeIdentity[] {
  const seen = new Set<string>();
  return specs.map(({ name, groups = [] }) => {
    for (const value of [name, ...groups]) {
      if (!/^[A-Za-z0-9][A-Za-z0-9:._@-]*$/.test(value)) {
        throw new Error(
          `kube identity ${JSON.stringify(name)}: ${JSON.stringify(value)} is not a usable user or group name ` +
            "(letters, digits and ':._@-', starting with a letter or digit)",
        );
      }
    }
    if (seen.has(name)) throw new Error(`kube identity ${JSON.stringify(name)} is declared twice`);
    seen.add(name);
    return { name, groups: [...groups], token: randomBytes(32).toString('hex') };
  });
}

/**
 * The --token-auth-file of kube-apiserver: one `token,user,uid[,"group1,group2"]` line per identity (an empty
 * groups column would be read as the group ""). The uid is the user name: unique, and readable in audit logs.
 */
export function tokenAuthFile(identities: readonly KubeIdentity[]): string {
  return identities
    .map((id) => [id.token, id.name, id.name, ...(id.groups.length ? [`"${id.groups.join(',')}"`] : [])].join(',') + '\n')
    .join('');
}
