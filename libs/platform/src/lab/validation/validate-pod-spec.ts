import type { Field } from './field-errors';
import { checkAbsolutePath, checkEnvName, checkName, checkPortName, checkQualifiedKey, checkQuantity } from './names';

const VOLUME_SOURCES = [
  'emptyDir', 'persistentVolumeClaim', 'configMap', 'secret', 'hostPath', 'projected', 'downwardAPI', 'csi', 'ephemeral',
  'nfs', 'iscsi', 'local', 'image', 'cephfs', 'rbd', 'fc', 'azureFile', 'azureDisk', 'gcePersistentDisk', 'awsElasticBlockStore',
];
const PROBE_HANDLERS = ['exec', 'httpGet', 'tcpSocket', 'grpc'];
const PROTOCOLS = ['TCP', 'UDP', 'SCTP'];

export interface PodSpecRules {
  /** Restart policies allowed here (workload templates: Always only; Jobs: OnFailure, Never). */
  restartPolicies: readonly string[];
  /** Names of volumes that exist besides `spec.volumes` (a StatefulSet's volumeClaimTemplates). */
  extraVolumes?: readonly string[];
}

/** A pod's spec as the API server checks it: containers, volumes and their mounts, env, probes, policies. */
export function checkPodSpec(spec: Field, rules: PodSpecRules): void {
  if (!spec.map({ required: true })) return;
  const volumes = checkVolumes(spec.child('volumes'));
  for (const name of rules.extraVolumes ?? []) volumes.add(name);
  const names = new Set<string>();
  for (const list of ['initContainers', 'containers']) {
    const containers = spec.child(list).list({ nonEmpty: list === 'containers' });
    for (const container of containers) checkContainer(container, volumes, names);
  }
  spec.child('restartPolicy').string({ oneOf: rules.restartPolicies });
  spec.child('terminationGracePeriodSeconds').int({ min: 0 });
  spec.child('activeDeadlineSeconds').int({ min: 1 });
  spec.child('nodeSelector').stringMap();
  spec.child('serviceAccountName').string();
  spec.child('nodeName').string();
  const security = spec.child('securityContext');
  if (security.map()) {
    for (const id of ['runAsUser', 'runAsGroup', 'fsGroup']) security.child(id).int({ min: 0, max: 2147483647 });
    security.child('runAsNonRoot').bool();
  }
}

function checkVolumes(field: Field): Set<string> {
  const names = new Set<string>();
  for (const volume of field.list()) {
    if (!volume.map()) continue;
    const nameField = volume.child('name');
    checkName(nameField, 'label');
    const name = nameField.value as string;
    if (names.has(name)) nameField.fail(`Duplicate value: ${JSON.stringify(name)}`);
    names.add(name);
    const present = VOLUME_SOURCES.filter((source) => volume.child(source).present);
    if (present.length === 0) {
      volume.fail(`Required value: must specify a volume type (${VOLUME_SOURCES.slice(0, 6).join(', ')}, …)`);
    } else if (present.length > 1) {
      volume.fail(`Forbidden: may not specify more than one volume type (${present.join(', ')})`);
    }
    const source = present[0];
    if (source === 'persistentVolumeClaim') volume.child(source).child('claimName').string({ required: true });
    if (source === 'configMap') volume.child(source).child('name').string({ required: true });
    if (source === 'secret') volume.child(source).child('secretName').string({ required: true });
    if (source === 'hostPath') checkAbsolutePath(volume.child(source).child('path'), { required: true });
  }
  return names;
}

function checkContainer(container: Field, volumes: ReadonlySet<string>, names: Set<string>): void {
  if (!container.map()) return;
  const nameField = container.child('name');
  checkName(nameField, 'label');
  if (typeof nameField.value === 'string') {
    if (names.has(nameField.value)) nameField.fail(`Duplicate value: ${JSON.stringify(nameField.value)}`);
    names.add(nameField.value);
  }
  container.child('image').string({ required: true });
  for (const list of ['command', 'args']) for (const item of container.child(list).list()) item.string();
  container.child('workingDir').string();
  checkEnv(container);
  const ports = new Set<string>();
  for (const port of container.child('ports').list()) {
    if (!port.map()) continue;
    port.child('containerPort').int({ required: true, min: 1, max: 65535 });
    port.child('hostPort').int({ min: 1, max: 65535 });
    port.child('protocol').string({ oneOf: PROTOCOLS });
    const portName = port.child('name');
    checkPortName(portName);
    if (typeof portName.value === 'string') {
      if (ports.has(portName.value)) portName.fail(`Duplicate value: ${JSON.stringify(portName.value)}`);
      ports.add(portName.value);
    }
  }
  const mountPaths = new Set<string>();
  for (const mount of container.child('volumeMounts').list()) {
    if (!mount.map()) continue;
    const volume = mount.child('name');
    if (volume.string({ required: true }) !== undefined && !volumes.has(volume.value as string)) volume.fail(`Not found: ${JSON.stringify(volume.value)}: no volume of the pod has this name`);
    const mountPath = mount.child('mountPath');
    checkAbsolutePath(mountPath, { required: true });
    if (typeof mountPath.value === 'string') {
      if (mountPaths.has(mountPath.value)) mountPath.fail(`Invalid value: ${JSON.stringify(mountPath.value)}: must be unique`);
      mountPaths.add(mountPath.value);
    }
    const subPath = mount.child('subPath').string();
    if (subPath !== undefined && (subPath.startsWith('/') || subPath.split('/').includes('..'))) mount.child('subPath').invalid("must be a relative path without '..'");
    mount.child('readOnly').bool();
  }
  for (const probe of ['readinessProbe', 'livenessProbe', 'startupProbe']) checkProbe(container.child(probe));
  const resources = container.child('resources');
  if (resources.map()) {
    for (const kind of ['requests', 'limits']) {
      const values = resources.child(kind).map();
      for (const key of Object.keys(values ?? {})) checkQuantity(resources.child(kind).child(key));
    }
  }
  const security = container.child('securityContext');
  if (security.map()) for (const id of ['runAsUser', 'runAsGroup']) security.child(id).int({ min: 0, max: 2147483647 });
}

function checkEnv(container: Field): void {
  for (const env of container.child('env').list()) {
    if (!env.map()) continue;
    checkEnvName(env.child('name'));
    env.child('value').string();
    const from = env.child('valueFrom');
    if (!from.present) continue;
    if (env.child('value').present && env.child('value').value !== '') env.child('valueFrom').fail("Invalid value: may not be specified when `value` is not empty");
    const source = from.exactlyOneOf(['configMapKeyRef', 'secretKeyRef', 'fieldRef', 'resourceFieldRef'], 'a source');
    if (source === 'configMapKeyRef' || source === 'secretKeyRef') {
      from.child(source).child('name').string({ required: true });
      from.child(source).child('key').string({ required: true });
      from.child(source).child('optional').bool();
    }
    if (source === 'fieldRef') from.child(source).child('fieldPath').string({ required: true });
    if (source === 'resourceFieldRef') from.child(source).child('resource').string({ required: true });
  }
  for (const envFrom of container.child('envFrom').list()) {
    if (!envFrom.map()) continue;
    const source = envFrom.exactlyOneOf(['configMapRef', 'secretRef'], 'a source');
    if (source) envFrom.child(source).child('name').string({ required: true });
    envFrom.child('prefix').string();
  }
}

function checkProbe(probe: Field): void {
  if (!probe.map()) return;
  const handler = probe.exactlyOneOf(PROBE_HANDLERS, 'a handler');
  if (handler === 'exec') probe.child('exec').child('command').list({ nonEmpty: true }).forEach((item) => item.string());
  if (handler === 'httpGet' || handler === 'tcpSocket' || handler === 'grpc') {
    const port = probe.child(handler).child('port');
    if (!port.required()) return;
    if (typeof port.value === 'number') port.int({ min: 1, max: 65535 });
    else if (typeof port.value === 'string') checkPortName(port);
    else port.invalid('must be a port number or name');
  }
  probe.child('initialDelaySeconds').int({ min: 0 });
  for (const field of ['periodSeconds', 'timeoutSeconds', 'successThreshold', 'failureThreshold']) probe.child(field).int({ min: 1 });
}

/** Labels of a pod template: a map of valid keys. */
export function checkTemplateLabels(labels: Field): void {
  labels.stringMap({ key: (key, field) => checkQualifiedKey(key, field) });
}
