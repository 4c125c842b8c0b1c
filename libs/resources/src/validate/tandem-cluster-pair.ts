import { ClusterPair, ClusterPairDestination, ObjectStoreRef, ReplicationMode } from '../model/cluster-pair.model';
import { ObjectReader } from '../problems/object-reader';
import { isInlineCredential, refuseInlineCredential } from './inline-credentials';
import { httpUrl, namespaceName } from './names';
import { checkObjectStore, ObjectStoreDraft, ObjectStoreField } from './object-store';
import { readSecretRef } from './secret-ref';
import { Header } from './validate-metadata';

/** Destination fields that would carry a credential or a kubeconfig inline, and the reference to use instead. */
const INLINE_DESTINATION: Record<string, string> = {
  token: 'spec.destination.credentialsSecretRef: {name: <secret>}',
  password: 'spec.destination.credentialsSecretRef: {name: <secret>}',
  kubeconfig: 'spec.destination.kubeconfigSecretRef: {name: <secret>, key: kubeconfig}',
};

/**
 * Tandem's ClusterPair: the destination's Tandem API endpoints, an optional kubeconfig Secret for its platform API,
 * and the object store (absent for a metro pair) — every credential a reference to a Secret.
 */
export function readTandemClusterPair(root: ObjectReader, header: Header | undefined): ClusterPair | undefined {
  root.ignore('status');
  const spec = root.child('spec', 'a ClusterPair spec', { required: true, example: '{destination: {endpoints: [<url>]}, objectStore: {...}}' });
  if (!spec) return undefined;
  const findings = root.findings;
  const before = findings.problems.length;
  const mode = spec.string('mode', { example: 'async' });
  if (mode !== undefined && mode !== 'async' && mode !== 'sync') {
    findings.problem(spec.path('mode'), `unknown mode "${mode}"`, 'write mode: async (volumes through an object store) or mode: sync (metro), or leave it out');
  }
  const destination = readDestination(spec);
  const objectStore = readObjectStore(spec);
  const options = spec.stringMap('options');
  for (const key of Object.keys(options ?? {}).filter(isInlineCredential)) {
    refuseInlineCredential(findings, [...spec.path('options'), key], key, 'a credentialsSecretRef: {name: <secret>} of spec.objectStore or spec.destination');
  }
  if (spec.has('config')) {
    findings.problem(
      spec.path('config'),
      'spec.config is Stork\'s inline kubeconfig, which carries credentials in the resource',
      'store the kubeconfig in a Secret and reference it with spec.destination.kubeconfigSecretRef: {name: <secret>, key: kubeconfig}, or write the pair with apiVersion: stork.libopenstorage.org/v1alpha1',
    );
  }
  const resolved: ReplicationMode = spec.has('objectStore') ? 'async' : 'sync';
  if (mode === 'async' && !spec.has('objectStore')) {
    findings.problem(spec.path('objectStore'), 'an async pair needs an object store to carry the volumes', 'add spec.objectStore (type, bucket, …), or write mode: sync for a metro pair');
  }
  if (mode === 'sync' && spec.has('objectStore')) {
    findings.problem(spec.path('mode'), 'a sync (metro) pair moves no volume data, yet an object store is given', 'remove spec.objectStore, or write mode: async');
  }
  spec.finish();
  if (findings.problems.length > before || !header || !destination) return undefined;
  return { kind: 'ClusterPair', ...header, mode: resolved, destination, ...(objectStore ? { objectStore } : {}), options: options ?? {} };
}

function readDestination(spec: ObjectReader): ClusterPairDestination | undefined {
  const d = spec.child('destination', 'the destination', { required: true, example: '{endpoints: [https://tandem.dr-site.example.com]}' });
  if (!d) return undefined;
  const before = d.findings.problems.length;
  const endpointsRaw = d.stringList('endpoints', { required: true, nonEmpty: true, item: 'URL of the destination\'s Tandem API', example: '[https://tandem.dr-site.example.com]' });
  const endpointFormat = httpUrl('https://tandem.dr-site.example.com');
  endpointsRaw?.forEach((url, i) => {
    if (!endpointFormat.pattern!.test(url)) d.findings.problem([...d.path('endpoints'), i], `"${url}" is not ${endpointFormat.patternHint}`, `write it like ${endpointFormat.example}`);
  });
  const credentialsSecretRef = readSecretRef(d, 'credentialsSecretRef');
  const clusterDomain = d.string('clusterDomain', namespaceName('dr-site'));
  const kubeconfigSecretRef = readSecretRef(d, 'kubeconfigSecretRef');
  for (const [key, instead] of Object.entries(INLINE_DESTINATION)) {
    if (d.has(key)) refuseInlineCredential(d.findings, d.path(key), key, instead);
  }
  d.finish();
  if (d.findings.problems.length > before || !endpointsRaw) return undefined;
  return {
    endpoints: endpointsRaw,
    ...(credentialsSecretRef ? { credentialsSecretRef } : {}),
    ...(clusterDomain ? { clusterDomain } : {}),
    ...(kubeconfigSecretRef ? { kubeconfigSecretRef } : {}),
  };
}

function readObjectStore(spec: ObjectReader): ObjectStoreRef | undefined {
  const s = spec.child('objectStore', 'an object store', { example: '{type: s3, bucket: tandem-dr, region: us-east-1}' });
  if (!s) return undefined;
  const before = s.findings.problems.length;
  for (const key of Object.keys(s.value)) {
    if (isInlineCredential(key)) {
      s.ignore(key);
      refuseInlineCredential(s.findings, s.path(key), key, 'spec.objectStore.credentialsSecretRef: {name: <secret>}');
    }
  }
  const draft: ObjectStoreDraft = {
    type: s.string('type', { required: true, example: 's3' }),
    bucket: s.string('bucket', { example: 'tandem-dr' }),
    endpoint: s.string('endpoint', { example: 'https://minio.example.com:9000' }),
    region: s.string('region', { example: 'us-east-1' }),
    prefix: s.string('prefix', { example: 'appns' }),
    path: s.string('path', { example: '/srv/tandem' }),
    forcePathStyle: s.boolean('forcePathStyle'),
    credentialsSecretRef: readSecretRef(s, 'credentialsSecretRef'),
    encryptionKeySecretRef: readSecretRef(s, 'encryptionKeySecretRef'),
  };
  s.finish();
  if (draft.type === undefined) return undefined;
  const store = checkObjectStore(draft, s.findings, (field: ObjectStoreField | 'type') => s.path(field), (field) => field, (field) => s.has(field));
  return s.findings.problems.length > before ? undefined : store;
}
