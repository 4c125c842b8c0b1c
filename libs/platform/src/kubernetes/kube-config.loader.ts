import { existsSync, readFileSync } from 'node:fs';
import { KubeConfig } from '@kubernetes/client-node';
import { InvalidInputError } from '@tandem/contracts';

/** Where the Kubernetes adapter finds its cluster and identity. */
export type KubeConfigSource =
  /** A kubeconfig file, and optionally the context to use (its current-context otherwise). */
  | { kind: 'file'; path: string; context?: string }
  /** Kubeconfig YAML already read (e.g. from a Secret), and optionally the context. */
  | { kind: 'inline'; yaml: string; context?: string }
  /** The pod's service account, as a Tandem service running inside the cluster sees it. */
  | { kind: 'in-cluster' };

/** Loads a kubeconfig, failing with a message that says which file or context is wrong and what to do. */
export function loadKubeConfig(source: KubeConfigSource): KubeConfig {
  const config = new KubeConfig();
  switch (source.kind) {
    case 'file':
      if (!existsSync(source.path)) {
        throw new InvalidInputError(`kubeconfig ${source.path} does not exist; point TANDEM_KUBECONFIG at a kubeconfig file`, { code: 'kubeconfig-missing' });
      }
      loadOrExplain(() => config.loadFromString(readFileSync(source.path, 'utf8')), `kubeconfig ${source.path}`);
      useContext(config, source.context, `kubeconfig ${source.path}`);
      break;
    case 'inline':
      loadOrExplain(() => config.loadFromString(source.yaml), 'the kubeconfig given');
      useContext(config, source.context, 'the kubeconfig given');
      break;
    case 'in-cluster':
      loadOrExplain(() => config.loadFromCluster(), 'the in-cluster service account');
      break;
    default: {
      const unknown: never = source;
      throw new InvalidInputError(`unknown kubeconfig source ${JSON.stringify(unknown)}`);
    }
  }
  if (config.getCurrentCluster() === null) {
    throw new InvalidInputError(`the kubeconfig's context ${config.getCurrentContext() || '(none)'} names no cluster; fix the kubeconfig or choose another context`, {
      code: 'kubeconfig-invalid',
    });
  }
  return config;
}

function loadOrExplain(load: () => void, what: string): void {
  try {
    load();
  } catch (error) {
    throw new InvalidInputError(`${what} cannot be loaded: ${(error as Error).message}`, { code: 'kubeconfig-invalid', cause: error });
  }
}

function useContext(config: KubeConfig, context: string | undefined, what: string): void {
  if (context === undefined) return;
  if (!config.getContexts().some((candidate) => candidate.name === context)) {
    const known = config.getContexts().map((candidate) => candidate.name);
    throw new InvalidInputError(`${what} has no context "${context}" (it has: ${known.join(', ') || 'none'})`, { code: 'kubeconfig-context-missing' });
  }
  config.setCurrentContext(context);
}
