import type { SecretKeyRef } from '@tandem/contracts';
import { NotFoundError } from '@tandem/contracts';
import type { JsonLogger } from '@tandem/observability';
import { platformFromSecret, type KubeObject, type Platform } from '@tandem/platform';

interface Opened {
  resourceVersion: string;
  platform: Promise<Platform>;
}

/**
 * The destinations this site reaches, each opened from the Secret a cluster pair names (read from this site's
 * platform), and kept while the Secret stays the same: a new resourceVersion (rotated credentials) opens it again.
 */
export class DestinationPlatforms {
  private readonly opened = new Map<string, Opened>();

  constructor(
    private readonly site: Platform,
    private readonly logger: JsonLogger,
  ) {}

  /**
   * The destination `ref` opens. A Secret that is not there is a `NotFoundError` saying how to create it; one that
   * gives no access an `InvalidInputError`; a site that does not answer a `PlatformError` (`Unavailable`).
   */
  async open(ref: SecretKeyRef): Promise<Platform> {
    const secret = await this.site.get({ apiVersion: 'v1', kind: 'Secret', namespace: ref.namespace, name: ref.name });
    if (secret === undefined) {
      throw new NotFoundError(
        `Secret ${ref.namespace}/${ref.name}, which gives access to the destination, does not exist on site ${this.site.site}: ` +
          `create it there with the destination's kubeconfig (kubectl -n ${ref.namespace} create secret generic ${ref.name} --from-file=${ref.key ?? 'kubeconfig'}=<kubeconfig file>), ` +
          'or for a lab site with its lab-url and lab-token keys, then try again',
        { code: 'destination-secret-not-found' },
      );
    }
    const key = `${ref.namespace}/${ref.name}#${ref.key ?? ''}`;
    const resourceVersion = secret.metadata.resourceVersion ?? '';
    const known = this.opened.get(key);
    if (known !== undefined && known.resourceVersion === resourceVersion) return known.platform;
    if (known !== undefined) this.forget(key, known);
    const platform = this.connect(secret, ref.key);
    this.opened.set(key, { resourceVersion, platform });
    platform.catch(() => {
      if (this.opened.get(key)?.platform === platform) this.opened.delete(key);
    });
    return platform;
  }

  async close(): Promise<void> {
    const all = [...this.opened.values()];
    this.opened.clear();
    await Promise.all(all.map((opened) => opened.platform.then((platform) => platform.close()).catch(() => undefined)));
  }

  private async connect(secret: KubeObject, key: string | undefined): Promise<Platform> {
    const platform = await platformFromSecret(secret, key);
    this.logger.info('destination opened', { secret: `${secret.metadata.namespace ?? ''}/${secret.metadata.name}`, site: platform.site, adapter: platform.adapter });
    return platform;
  }

  private forget(key: string, opened: Opened): void {
    this.opened.delete(key);
    void opened.platform.then((platform) => platform.close()).catch(() => undefined);
  }
}
