/** The API version of Kubernetes' core kinds (Secret, ConfigMap, Namespace, …). */
export const CORE_API_VERSION = 'v1';

/**
 * An Opaque `v1 Secret` as a person writes it next to a ClusterPair (what `generate clusterpair` prints on a lab
 * site): the only core kind Tandem applies, so that the access Secret a pair names travels in the same file.
 */
export interface SecretDocument {
  apiVersion: typeof CORE_API_VERSION;
  kind: 'Secret';
  metadata: { name: string; namespace: string; labels: Record<string, string>; annotations: Record<string, string> };
  type: 'Opaque';
  /** Values base64-encoded, as written. */
  data?: Record<string, string>;
  /** Values as plain text, as written. */
  stringData?: Record<string, string>;
}
