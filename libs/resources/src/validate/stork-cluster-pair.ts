import { ClusterPair, ClusterPairDestination, ObjectStoreRef } from '../model/cluster-pair.model';
import { Segment } from '../problems/field-path';
import { closest, Findings } from '../problems/findings';
import { isMapping, ObjectReader } from '../problems/object-reader';
import { isInlineCredential, refuseInlineCredential } from './inline-credentials';
import { httpUrl, namespaceName } from './names';
import { checkObjectStore, ObjectStoreDraft, ObjectStoreField } from './object-store';
import { parseSecretRefText } from './secret-ref';
import { OBJECT_STORE_OPTION, STORK_PAIR_OPTIONS, TANDEM_OPTION_KEYS } from './stork-cluster-pair-options';
import { readStorkKubeconfig } from './stork-kubeconfig';
import { Header } from './validate-metadata';

const O = STORK_PAIR_OPTIONS;

/**
 * Stork's ClusterPair: `spec.config` (the destination's kubeconfig, inline as Stork has it) and `spec.options`
 * (strings). Tandem reads its own settings from the options (see STORK_PAIR_OPTIONS) and keeps the rest.
 */
export function readStorkClusterPair(root: ObjectReader, header: Header | undefined): ClusterPair | undefined {
  root.ignore('status');
  const spec = root.child('spec', 'a ClusterPair spec', { required: true, example: '{config: {...}, options: {...}}' });
  if (!spec) return undefined;
  const findings = root.findings;
  const before = findings.problems.length;
  const kubeconfig = readStorkKubeconfig(spec);
  const options = stringOptions(spec);
  for (const key of ['destination', 'objectStore', 'mode']) {
    if (spec.has(key)) {
      findings.problem(
        spec.path(key),
        `spec.${key} is Tandem's form of a ClusterPair, not Stork's`,
        `write apiVersion: tandem.dev/v1alpha1, or give it as Stork options (${key === 'objectStore' ? 'objectStoreType, objectStoreBucket, …' : 'tandemEndpoints, …'})`,
      );
    }
  }
  spec.finish();

  const at = spec.path('options');
  const rest = readOptions(options, at, findings);
  const destination = readDestination(options, at, findings, kubeconfig, spec.has('config'));
  const objectStore = readObjectStore(options, at, findings);
  if (findings.problems.length > before || !header) return undefined;
  warnUnusedOptions(rest, at, findings, objectStore !== undefined);
  return { kind: 'ClusterPair', ...header, mode: objectStore ? 'async' : 'sync', destination, ...(objectStore ? { objectStore } : {}), options: rest };
}

/** `spec.options`, every value a string (Stork's `map[string]string`); the others are reported and left out. */
function stringOptions(spec: ObjectReader): Record<string, string> {
  spec.stringMap('options', { example: 'ip: "10.0.0.5"' });
  const raw = spec.raw('options');
  if (!isMapping(raw)) return {};
  return Object.fromEntries(Object.entries(raw).filter((entry): entry is [string, string] => typeof entry[1] === 'string'));
}

/** The options Tandem does not read, after refusing inline credentials and near-misses of Tandem's keys. */
function readOptions(options: Record<string, string>, at: Segment[], findings: Findings): Record<string, string> {
  const rest: Record<string, string> = {};
  for (const [key, value] of Object.entries(options)) {
    if (TANDEM_OPTION_KEYS.includes(key)) continue;
    if (isInlineCredential(key)) {
      refuseInlineCredential(findings, [...at, key], key, `the option ${O.objectStoreCredentialsSecret}: <secret> (or <namespace>/<secret>)`);
      continue;
    }
    const near = closest(key, TANDEM_OPTION_KEYS);
    if (near && /^(objectstore|tandem|clusterdomain)/i.test(key)) {
      findings.problem([...at, key], `unknown option "${key}"`, `did you mean ${near}?`);
      continue;
    }
    rest[key] = value;
  }
  return rest;
}

function readDestination(
  options: Record<string, string>,
  at: Segment[],
  findings: Findings,
  kubeconfig: ClusterPairDestination['kubeconfig'],
  hasConfig: boolean,
): ClusterPairDestination {
  const endpoints = (options[O.tandemEndpoints] ?? '')
    .split(',')
    .map((url) => url.trim())
    .filter(Boolean);
  const url = httpUrl('https://tandem.dr-site.example.com');
  for (const endpoint of endpoints) {
    if (!url.pattern!.test(endpoint)) {
      findings.problem([...at, O.tandemEndpoints], `"${endpoint}" is not ${url.patternHint}`, `write ${O.tandemEndpoints}: "${url.example}" (several separated by commas)`);
    }
  }
  if (endpoints.length === 0 && !hasConfig) {
    findings.problem(
      [...at.slice(0, -1), 'config'],
      'the destination cannot be reached: the pair has neither a kubeconfig nor Tandem endpoints',
      `add spec.config (run storkctl or tandemctl generate clusterpair on the destination), or the option ${O.tandemEndpoints}: "https://<destination's Tandem API>"`,
    );
  }
  const secret = (key: string) => (options[key] === undefined ? undefined : parseSecretRefText(options[key], [...at, key], findings));
  const credentialsSecretRef = secret(O.tandemCredentialsSecret);
  const kubeconfigSecretRef = secret(O.tandemKubeconfigSecret);
  const clusterDomain = options[O.clusterDomain];
  const domainFormat = namespaceName('dr-site');
  if (clusterDomain !== undefined && !domainFormat.pattern!.test(clusterDomain)) {
    findings.problem([...at, O.clusterDomain], `"${clusterDomain}" is not a cluster domain name (lowercase letters, digits and "-")`, 'write it like clusterDomain: dr-site');
  }
  return {
    endpoints,
    ...(credentialsSecretRef ? { credentialsSecretRef } : {}),
    ...(clusterDomain ? { clusterDomain } : {}),
    ...(kubeconfigSecretRef ? { kubeconfigSecretRef } : {}),
    ...(kubeconfig ? { kubeconfig } : {}),
  };
}

function readObjectStore(options: Record<string, string>, at: Segment[], findings: Findings): ObjectStoreRef | undefined {
  const given = (Object.values(OBJECT_STORE_OPTION) as string[]).some((key) => options[key] !== undefined);
  if (!given) return undefined;
  const before = findings.problems.length;
  const forcePathStyleText = options[O.objectStoreForcePathStyle];
  if (forcePathStyleText !== undefined && forcePathStyleText !== 'true' && forcePathStyleText !== 'false') {
    findings.problem([...at, O.objectStoreForcePathStyle], `expected "true" or "false", got "${forcePathStyleText}"`, `write ${O.objectStoreForcePathStyle}: "true"`);
  }
  const credentials = options[O.objectStoreCredentialsSecret];
  const encryptionKey = options[O.objectStoreEncryptionKeySecret];
  const draft: ObjectStoreDraft = {
    type: options[O.objectStoreType],
    bucket: options[O.objectStoreBucket],
    endpoint: options[O.objectStoreEndpoint],
    region: options[O.objectStoreRegion],
    prefix: options[O.objectStorePrefix],
    path: options[O.objectStorePath],
    forcePathStyle: forcePathStyleText === undefined ? undefined : forcePathStyleText === 'true',
    credentialsSecretRef: credentials === undefined ? undefined : parseSecretRefText(credentials, [...at, O.objectStoreCredentialsSecret], findings),
    encryptionKeySecretRef: encryptionKey === undefined ? undefined : parseSecretRefText(encryptionKey, [...at, O.objectStoreEncryptionKeySecret], findings),
  };
  if (findings.problems.length > before) return undefined;
  const locate = (field: ObjectStoreField | 'type') => [...at, OBJECT_STORE_OPTION[field]];
  return checkObjectStore(draft, findings, locate, (field) => `the option ${OBJECT_STORE_OPTION[field]}`);
}

/** Options kept for Stork (a Portworx `ip`, `token`, …) do nothing in Tandem: say so, and what a BackupLocation means. */
function warnUnusedOptions(rest: Record<string, string>, at: Segment[], findings: Findings, hasObjectStore: boolean): void {
  const keys = Object.keys(rest);
  if (keys.length) {
    findings.warn(
      at,
      `Tandem keeps the options ${keys.join(', ')} for Stork but does not use them`,
      'nothing to do if the pair is also used by Stork; otherwise remove them',
    );
  }
  if ('backuplocation' in rest && !hasObjectStore) {
    findings.warn(
      [...at, 'backuplocation'],
      'Tandem does not read Stork BackupLocation objects, so this pair has no object store and is a metro (sync) pair',
      `to replicate volumes asynchronously add the options ${O.objectStoreType}, ${O.objectStoreBucket}, ${O.objectStoreRegion} and ${O.objectStoreCredentialsSecret}`,
    );
  }
}
