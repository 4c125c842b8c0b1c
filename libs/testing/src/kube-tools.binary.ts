import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { isExecutable } from './executable.util';
import { REPO_ROOT } from './repo.paths';
import { toolsDir } from './testing.config';

/** A Go program that scripts/tools.sh builds from the module pinned in tools/<toolModule>/go.mod. */
interface KubeTool {
  binary: string;
  module: string;
  toolModule: string;
  what: string;
}

const KUBE_APISERVER: KubeTool = {
  binary: 'kube-apiserver',
  module: 'k8s.io/kubernetes',
  toolModule: 'kubernetes',
  what: 'the Kubernetes API server of the Kubernetes adapter tests',
};

const KUBE_CONTROLLER_MANAGER: KubeTool = {
  binary: 'kube-controller-manager',
  module: 'k8s.io/kubernetes',
  toolModule: 'kubernetes',
  what: 'the controllers (garbage collector, PV binder, ReplicaSets, role aggregation) of those tests',
};

const ETCD: KubeTool = {
  binary: 'etcd',
  module: 'go.etcd.io/etcd/server/v3',
  toolModule: 'etcd',
  what: "the store of those tests' Kubernetes API server",
};

/** The Kubernetes version pinned in tools/kubernetes/go.mod, e.g. `v1.37.2`: what the API server's /version reports. */
export function pinnedKubernetesVersion(): string {
  return pinnedVersion(KUBE_APISERVER);
}

/** The etcd version pinned in tools/etcd/go.mod, e.g. `v3.7.3`. */
export function pinnedEtcdVersion(): string {
  return pinnedVersion(ETCD);
}

/** Path of the kube-apiserver that scripts/tools.sh built at the pinned version; throws, saying what to do, if absent. */
export function kubeApiServerBinary(): string {
  return builtBinary(KUBE_APISERVER);
}

/** Path of the kube-controller-manager that scripts/tools.sh built at the pinned version; throws if absent. */
export function kubeControllerManagerBinary(): string {
  return builtBinary(KUBE_CONTROLLER_MANAGER);
}

/** Path of the etcd that scripts/tools.sh built at the pinned version; throws, saying what to do, if absent. */
export function etcdBinary(): string {
  return builtBinary(ETCD);
}

function pinnedVersion(tool: KubeTool): string {
  const goModFile = join(REPO_ROOT, 'tools', tool.toolModule, 'go.mod');
  let goMod: string;
  try {
    goMod = readFileSync(goModFile, 'utf8');
  } catch (error) {
    throw new Error(`cannot read ${goModFile} to learn the pinned ${tool.binary} version: ${(error as Error).message}`);
  }
  const escaped = tool.module.replace(/[.\\/]/g, '\\$&');
  const match = new RegExp(`^\\s*(?:require\\s+)?${escaped}\\s+(v\\S+)`, 'm').exec(goMod);
  if (!match?.[1]) throw new Error(`${goModFile} does not require ${tool.module}; restore the pin`);
  return match[1];
}

function builtBinary(tool: KubeTool): string {
  const version = pinnedVersion(tool);
  const binary = join(toolsDir(), `${tool.binary}-${version}`, tool.binary);
  if (!isExecutable(binary)) {
    throw new Error(
      `${tool.binary} ${version} (pinned in tools/${tool.toolModule}/go.mod), ${tool.what}, has not been built: ` +
        `expected ${binary}. Run \`npm run tools\` to build it from source with Go ` +
        '(the first build of kube-apiserver and etcd takes about 6 minutes on 2 cores).',
    );
  }
  return binary;
}
