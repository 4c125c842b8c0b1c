/** A cluster domain as the failover service shows it (GET /v1/clusterdomains). */
export interface ClusterDomainView {
  name: string;
  local: boolean;
  active: boolean;
  state: 'Active' | 'Inactive';
  syncStatus: 'InSync' | 'SyncInProgress' | 'NotInSync' | 'Unknown';
  epoch: number;
  lastHeartbeatAt: string | null;
  agents: { node: string; version: string; epoch: number; lastHeartbeatAt: string }[];
  latency?: { node: string; peerDomain: string; samples: number; lost: number; minMs?: number; avgMs?: number; maxMs?: number; mdevMs?: number; at: string };
  updatedAt: string;
}

/** The answer to activate/deactivate a domain. */
export interface DomainSwitchAnswer {
  changed: boolean;
  previousEpoch?: number;
  domain: ClusterDomainView;
}

/** The answer of the migration service to POST /v1/activations. */
export interface ActivationAnswer {
  action: 'activate' | 'deactivate';
  namespaces: {
    namespace: string;
    workloads: { apiVersion: string; kind: string; name: string; outcome: string; replicas?: number; reason?: string; message?: string }[];
  }[];
}
