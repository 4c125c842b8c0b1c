import { DR_API_VERSIONS, DrApiVersion, DrKind, ResourceMeta } from '../model/resource-meta.model';
import { ObjectReader } from '../problems/object-reader';
import { namespaceName, objectName } from './names';

/** Set by the API server; accepted (so `get -o yaml` output can be applied again) and dropped. */
const SERVER_SET_METADATA = [
  'creationTimestamp',
  'uid',
  'resourceVersion',
  'generation',
  'managedFields',
  'selfLink',
  'deletionTimestamp',
  'deletionGracePeriodSeconds',
  'ownerReferences',
  'finalizers',
];

export interface ReadOptions {
  /** The namespace of namespaced kinds whose document names none (kubectl's `-n`); `default` otherwise. */
  defaultNamespace?: string;
}

export interface Header {
  apiVersion: DrApiVersion;
  metadata: ResourceMeta;
}

export function readApiVersion(root: ObjectReader): DrApiVersion | undefined {
  const value = root.string('apiVersion', { required: true, example: DR_API_VERSIONS[0] });
  if (value === undefined) return undefined;
  if ((DR_API_VERSIONS as readonly string[]).includes(value)) return value as DrApiVersion;
  root.findings.problem(
    root.path('apiVersion'),
    `unknown apiVersion "${value}"`,
    `write apiVersion: ${DR_API_VERSIONS.join(' or apiVersion: ')}`,
  );
  return undefined;
}

/** apiVersion, kind (must be `kind`) and metadata, all checked; undefined when any of them is wrong. */
export function readHeader(root: ObjectReader, kind: DrKind, namespaced: boolean, options: ReadOptions): Header | undefined {
  const apiVersion = readApiVersion(root);
  const writtenKind = root.string('kind', { required: true, example: kind });
  if (writtenKind !== undefined && writtenKind !== kind) {
    root.findings.problem(root.path('kind'), `expected kind ${kind}, got "${writtenKind}"`, `validate it as a ${writtenKind}, or write kind: ${kind}`);
  }
  const metadata = readMetadata(root, namespaced, options);
  return apiVersion && metadata && writtenKind === kind ? { apiVersion, metadata } : undefined;
}

function readMetadata(root: ObjectReader, namespaced: boolean, options: ReadOptions): ResourceMeta | undefined {
  const meta = root.child('metadata', 'metadata', { required: true, example: '{name: <name>}' });
  if (!meta) return undefined;
  const before = root.findings.problems.length;
  meta.ignore(...SERVER_SET_METADATA);
  const name = meta.string('name', { required: true, ...objectName('dr-site') });
  const namespace = meta.string('namespace', namespaceName('appns'));
  const labels = meta.stringMap('labels');
  const annotations = meta.stringMap('annotations');
  if (meta.has('generateName')) {
    root.findings.problem(meta.path('generateName'), 'generateName is not supported', 'give the resource a name with metadata.name');
  }
  const defaultNamespace = options.defaultNamespace ?? 'default';
  if (namespaced && namespace === undefined && !meta.has('namespace') && !namespaceName('').pattern!.test(defaultNamespace)) {
    root.findings.problem(meta.path('namespace'), `the default namespace "${defaultNamespace}" is not a namespace name`, 'give a valid namespace (e.g. -n appns), or write metadata.namespace');
  }
  meta.finish();
  if (root.findings.problems.length > before || name === undefined) return undefined;
  const resolvedNamespace = namespace ?? (namespaced ? defaultNamespace : undefined);
  return {
    name,
    ...(resolvedNamespace === undefined ? {} : { namespace: resolvedNamespace }),
    labels: labels ?? {},
    annotations: annotations ?? {},
  };
}
