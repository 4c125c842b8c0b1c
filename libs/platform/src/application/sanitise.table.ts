import type { KubeObject, ObjectMeta } from '../model/kube-object';
import { withApplyMode } from './apply-mode';
import { cloneJson, isJsonObject, objectAt, objectsAt, type JsonObject } from '../model/json-value';
import { KubeKinds, type GroupKind } from './kube-kinds';
import { isServerWrittenAnnotation, SERVER_WRITTEN_ANNOTATIONS } from './server-written.annotations';

export interface SanitiseContext {
  /** Keep `ports[].nodePort` of Services (the destination must have the same ports free). */
  keepNodePorts: boolean;
  /** `namespace/name` of the Secrets of type `kubernetes.io/service-account-token` among the objects. */
  tokenSecrets: ReadonlySet<string>;
}

export type SanitiseVerdict = { keep: KubeObject } | { skip: string };

/**
 * One row of the sanitise table: which objects, what happens to them as a sentence (docs/platform.md shows the
 * same sentence), and the rule. The row for every object runs first and hands the kind's row a copy it owns, which
 * that rule may change.
 */
export interface SanitiseRow {
  target: GroupKind | 'every object';
  sentence: string;
  rule(object: KubeObject, context: SanitiseContext): SanitiseVerdict;
}

const JOB_CONTROLLER_LABELS = ['controller-uid', 'batch.kubernetes.io/controller-uid'];
const TOKEN_SECRET_TYPE = 'kubernetes.io/service-account-token';
const NAMESPACE_NAME_LABEL = 'kubernetes.io/metadata.name';

export const SANITISE_TABLE: readonly SanitiseRow[] = [
  {
    target: 'every object',
    sentence:
      'metadata keeps only `name`, `namespace`, `labels` and `annotations` (uid, resourceVersion, owner references, finalizers and the rest are the source\'s); ' +
      `the annotations the source writes about itself are dropped (${SERVER_WRITTEN_ANNOTATIONS.map((key) => `\`${key}\``).join(', ')}); \`status\` is dropped.`,
    rule: (object) => ({ keep: withEssentialMetadata(object) }),
  },
  {
    target: KubeKinds.service,
    sentence:
      '`clusterIP` and `clusterIPs` are dropped (a headless Service, `clusterIP: None`, keeps them), and so are `loadBalancerIP` and `healthCheckNodePort`: ' +
      'the destination assigns its own. `ports[].nodePort` is dropped unless `keepNodePorts`.',
    rule: (object, context) => {
      const spec = objectAt(object, 'spec');
      if (spec === undefined) return { keep: object };
      if (spec['clusterIP'] !== 'None') {
        delete spec['clusterIP'];
        delete spec['clusterIPs'];
      }
      delete spec['loadBalancerIP'];
      delete spec['healthCheckNodePort'];
      if (!context.keepNodePorts) for (const port of objectsAt(spec, 'ports')) delete port['nodePort'];
      return { keep: object };
    },
  },
  {
    target: KubeKinds.persistentVolume,
    sentence: '`spec.claimRef` is dropped: it names the claim of the source by uid.',
    rule: (object) => {
      delete objectAt(object, 'spec')?.['claimRef'];
      return { keep: object };
    },
  },
  {
    target: KubeKinds.persistentVolumeClaim,
    sentence: '`spec.volumeName` and the `volume.kubernetes.io/selected-node` annotation are dropped: the destination binds the claim to a volume of its own.',
    rule: (object) => {
      delete objectAt(object, 'spec')?.['volumeName'];
      delete object.metadata.annotations?.['volume.kubernetes.io/selected-node'];
      return { keep: object };
    },
  },
  {
    target: KubeKinds.job,
    sentence:
      'when `spec.selector` selects the `controller-uid` or `batch.kubernetes.io/controller-uid` label (the source generated it from its uid), the selector, ' +
      '`spec.manualSelector` and those labels on the Job and its pod template are dropped: the destination generates them for its Job.',
    rule: (object) => {
      const spec = objectAt(object, 'spec');
      if (spec === undefined || !selectsControllerUid(spec['selector'])) return { keep: object };
      delete spec['selector'];
      delete spec['manualSelector'];
      for (const labels of [object.metadata.labels, objectAt(spec, 'template', 'metadata', 'labels')]) {
        for (const key of JOB_CONTROLLER_LABELS) if (labels !== undefined) delete labels[key];
      }
      return { keep: object };
    },
  },
  {
    target: KubeKinds.secret,
    sentence: 'a Secret of type `kubernetes.io/service-account-token` is skipped: the destination issues its own tokens.',
    rule: (object) => (object['type'] === TOKEN_SECRET_TYPE ? { skip: 'a service account token of the source; the destination issues its own' } : { keep: object }),
  },
  {
    target: KubeKinds.serviceAccount,
    sentence:
      '`secrets` entries naming token Secrets are dropped. The `default` ServiceAccount, which every namespace already has, is merged, not replaced: ' +
      'only its labels, annotations and `imagePullSecrets` are applied (it is marked with `dr.tandem.dev/apply-mode: merge`, which is not written).',
    rule: (object, context) => {
      const secrets = object['secrets'];
      if (Array.isArray(secrets)) {
        const kept = secrets.filter((entry) => !(isJsonObject(entry) && isTokenSecret(object, entry, context)));
        if (kept.length === 0) delete object['secrets'];
        else object['secrets'] = kept;
      }
      return { keep: object.metadata.name === 'default' ? withApplyMode(object, 'merge') : object };
    },
  },
  {
    target: KubeKinds.statefulSet,
    sentence: '`volumeClaimTemplates` lose their `status`, and their metadata keeps only `name`, `labels` and `annotations`.',
    rule: (object) => {
      for (const template of objectsAt(object, 'spec', 'volumeClaimTemplates')) {
        delete template['status'];
        const metadata = objectAt(template, 'metadata');
        if (metadata !== undefined) {
          for (const key of Object.keys(metadata)) if (!['name', 'labels', 'annotations'].includes(key)) delete metadata[key];
        }
      }
      return { keep: object };
    },
  },
  {
    target: KubeKinds.namespace,
    sentence: '`spec.finalizers` and the `kubernetes.io/metadata.name` label are dropped: the destination writes both.',
    rule: (object) => {
      const spec = objectAt(object, 'spec');
      if (spec !== undefined) {
        delete spec['finalizers'];
        if (Object.keys(spec).length === 0) delete object['spec'];
      }
      const labels = object.metadata.labels;
      if (labels !== undefined) {
        delete labels[NAMESPACE_NAME_LABEL];
        if (Object.keys(labels).length === 0) delete object.metadata.labels;
      }
      return { keep: object };
    },
  },
];

/** The table as the Markdown rows of docs/platform.md. */
export function renderSanitiseTable(): string {
  const rows = SANITISE_TABLE.map((row) => `| ${row.target === 'every object' ? 'every object' : `\`${row.target.kind}\`${row.target.group === '' ? '' : ` (${row.target.group})`}`} | ${row.sentence} |`);
  return ['| objects | what sanitising does |', '| --- | --- |', ...rows].join('\n');
}

/** A deep copy of `object` without status, with metadata cut down to name, namespace, labels and annotations. */
function withEssentialMetadata(object: KubeObject): KubeObject {
  const { metadata, status: _status, ...body } = object;
  const essential: ObjectMeta = { name: metadata.name };
  if (metadata.namespace !== undefined) essential.namespace = metadata.namespace;
  if (metadata.labels !== undefined && Object.keys(metadata.labels).length > 0) essential.labels = { ...metadata.labels };
  const annotations = Object.fromEntries(Object.entries(metadata.annotations ?? {}).filter(([key]) => !isServerWrittenAnnotation(key)));
  if (Object.keys(annotations).length > 0) essential.annotations = annotations;
  return { ...cloneJson(body), metadata: essential };
}

function selectsControllerUid(selector: unknown): boolean {
  if (!isJsonObject(selector)) return false;
  const matchLabels = isJsonObject(selector['matchLabels']) ? Object.keys(selector['matchLabels']) : [];
  const expressionKeys = objectsAt(selector, 'matchExpressions').map((expression) => expression['key']);
  return [...matchLabels, ...expressionKeys].some((key) => typeof key === 'string' && JOB_CONTROLLER_LABELS.includes(key));
}

/** A token Secret among the objects, or one named as the token controller named them (`<account>-token-<5 chars>`). */
function isTokenSecret(account: KubeObject, entry: JsonObject, context: SanitiseContext): boolean {
  const name = entry['name'];
  if (typeof name !== 'string') return false;
  return context.tokenSecrets.has(`${account.metadata.namespace ?? ''}/${name}`) || new RegExp(`^${escapeRegExp(account.metadata.name)}-token-[a-z0-9]{5}$`).test(name);
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
