import { stringify } from 'yaml';
import type { KubeIdentity } from './kube-credentials.util';

/** The ports of one test cluster, all on 127.0.0.1. */
export interface KubePorts {
  etcdClient: number;
  etcdPeer: number;
  apiServer: number;
}

/** Files and addresses the two processes of a test cluster are started with. */
export interface KubeClusterFiles {
  etcdDataDir: string;
  certDir: string;
  tokenFile: string;
  serviceAccountPublicKey: string;
  serviceAccountPrivateKey: string;
}

/** Service ClusterIPs are only allocated, never routed: no kube-proxy runs, so no traffic goes there. */
export const SERVICE_CLUSTER_IP_RANGE = '10.96.0.0/16';
export const SERVICE_ACCOUNT_ISSUER = 'https://kubernetes.default.svc.cluster.local';
const ETCD_MEMBER = 'tandem-test';

/**
 * A single-member etcd on loopback. `--unsafe-no-fsync`: the data is thrown away after the test, and fsyncs on a
 * shared 2-core machine would only slow the API server down.
 */
export function etcdArgs(ports: KubePorts, dataDir: string): string[] {
  const client = `http://127.0.0.1:${ports.etcdClient}`;
  const peer = `http://127.0.0.1:${ports.etcdPeer}`;
  return [
    `--name=${ETCD_MEMBER}`,
    `--data-dir=${dataDir}`,
    `--listen-client-urls=${client}`,
    `--advertise-client-urls=${client}`,
    `--listen-peer-urls=${peer}`,
    `--initial-advertise-peer-urls=${peer}`,
    `--initial-cluster=${ETCD_MEMBER}=${peer}`,
    '--initial-cluster-state=new',
    '--unsafe-no-fsync',
    '--log-level=warn',
  ];
}

/**
 * kube-apiserver on 127.0.0.1 alone, without a controller manager, scheduler or kubelet:
 * - it writes a self-signed serving certificate (and the CA that signed it) into `--cert-dir`, for 127.0.0.1;
 * - users are the static tokens of `--token-auth-file`; authorization is RBAC only, as on a real cluster;
 * - the ServiceAccount admission plugin is off: it rejects pods while the `default` service account, which the
 *   controller manager would create, does not exist;
 * - `--endpoint-reconciler-type=none`: the `kubernetes` Service's endpoints would be 127.0.0.1, which Endpoints
 *   validation rejects, and nothing in the tests reaches the API server through that Service.
 */
export function kubeApiServerArgs(ports: KubePorts, files: KubeClusterFiles): string[] {
  return [
    `--etcd-servers=http://127.0.0.1:${ports.etcdClient}`,
    '--bind-address=127.0.0.1',
    '--advertise-address=127.0.0.1',
    `--secure-port=${ports.apiServer}`,
    `--cert-dir=${files.certDir}`,
    `--token-auth-file=${files.tokenFile}`,
    '--authorization-mode=RBAC',
    `--service-account-key-file=${files.serviceAccountPublicKey}`,
    `--service-account-signing-key-file=${files.serviceAccountPrivateKey}`,
    `--service-account-issuer=${SERVICE_ACCOUNT_ISSUER}`,
    `--service-cluster-ip-range=${SERVICE_CLUSTER_IP_RANGE}`,
    '--disable-admission-plugins=ServiceAccount',
    '--endpoint-reconciler-type=none',
    '--profiling=false',
    '--v=1',
  ];
}

/**
 * kube-controller-manager against the test API server, as the admin identity (no per-controller service
 * accounts: fewer moving parts, same behaviour). Its controllers make the API behave like a cluster without
 * nodes: Deployments get ReplicaSets and (unscheduled) pods, PVCs bind to matching PVs, deleted namespaces are
 * emptied, aggregated ClusterRoles are filled in, every namespace gets its `default` ServiceAccount. Controllers
 * that need nodes or a cloud are left off.
 */
export function kubeControllerManagerArgs(port: number, kubeconfigFile: string, caFile: string, files: KubeClusterFiles): string[] {
  return [
    `--kubeconfig=${kubeconfigFile}`,
    `--authentication-kubeconfig=${kubeconfigFile}`,
    `--authorization-kubeconfig=${kubeconfigFile}`,
    '--bind-address=127.0.0.1',
    `--secure-port=${port}`,
    '--leader-elect=false',
    '--use-service-account-credentials=false',
    `--service-account-private-key-file=${files.serviceAccountPrivateKey}`,
    `--root-ca-file=${caFile}`,
    '--controllers=*,-nodeipam,-nodelifecycle,-attachdetach,-ttl',
    '--concurrent-gc-syncs=5',
    '--profiling=false',
    '--v=1',
  ];
}

/** A kubeconfig with one cluster, one user (bearer token) and one context, current; loads with KubeConfig.loadFromString. */
export function kubeconfigYaml(clusterName: string, url: string, caPem: string, identity: KubeIdentity): string {
  const context = `${identity.name}@${clusterName}`;
  return stringify({
    apiVersion: 'v1',
    kind: 'Config',
    clusters: [
      {
        name: clusterName,
        cluster: { server: url, 'certificate-authority-data': Buffer.from(caPem).toString('base64') },
      },
    ],
    users: [{ name: identity.name, user: { token: identity.token } }],
    contexts: [{ name: context, context: { cluster: clusterName, user: identity.name } }],
    'current-context': context,
  });
}
