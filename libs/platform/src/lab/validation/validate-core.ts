import type { Field } from './field-errors';
import { checkAbsolutePath, checkConfigKey, checkName, checkPortName, checkQuantity, DNS1123_SUBDOMAIN } from './names';

const ACCESS_MODES = ['ReadWriteOnce', 'ReadOnlyMany', 'ReadWriteMany', 'ReadWriteOncePod'];
const PV_SOURCES = ['hostPath', 'local', 'nfs', 'csi', 'iscsi', 'fc', 'cephfs', 'rbd', 'azureFile', 'azureDisk', 'gcePersistentDisk', 'awsElasticBlockStore', 'vsphereVolume'];
const SERVICE_TYPES = ['ClusterIP', 'NodePort', 'LoadBalancer', 'ExternalName'];
const BASE64 = /^[A-Za-z0-9+/]*={0,2}$/;

export function checkConfigMap(object: Field): void {
  const keys = new Set<string>();
  for (const field of ['data', 'binaryData']) {
    object.child(field).stringMap({
      key: (key, value) => {
        checkConfigKey(key, value);
        if (keys.has(key)) value.fail(`Invalid value: ${JSON.stringify(key)}: duplicate of key present in ${field === 'data' ? 'binaryData' : 'data'}`);
        keys.add(key);
        if (field === 'binaryData' && typeof value.value === 'string' && !BASE64.test(value.value)) value.invalid('must be base64');
      },
    });
  }
  object.child('immutable').bool();
}

const SECRET_TYPE_KEYS: Record<string, string[]> = {
  'kubernetes.io/dockerconfigjson': ['.dockerconfigjson'],
  'kubernetes.io/dockercfg': ['.dockercfg'],
  'kubernetes.io/tls': ['tls.crt', 'tls.key'],
};

export function checkSecret(object: Field): void {
  object.child('data').stringMap({
    key: (key, value) => {
      checkConfigKey(key, value);
      if (typeof value.value === 'string' && !BASE64.test(value.value)) value.invalid('must be base64 (put plain text in stringData)');
    },
  });
  object.child('stringData').stringMap({ key: (key, value) => checkConfigKey(key, value) });
  object.child('immutable').bool();
  const type = object.child('type').string() ?? 'Opaque';
  for (const key of SECRET_TYPE_KEYS[type] ?? []) {
    const data = { ...(object.child('data').map() ?? {}), ...(object.child('stringData').map() ?? {}) };
    if (data[key] === undefined) object.child('data').child(key).fail(`Required value: a Secret of type ${type} must have it`);
  }
  if (type === 'kubernetes.io/service-account-token') {
    const annotations = object.child('metadata').child('annotations').map() ?? {};
    if (typeof annotations['kubernetes.io/service-account.name'] !== 'string') {
      object.child('metadata').child('annotations').child('kubernetes.io/service-account.name').fail('Required value: a service account token names its ServiceAccount');
    }
  }
}

export function checkService(object: Field): void {
  const spec = object.child('spec');
  if (!spec.map({ required: true })) return;
  const type = spec.child('type').string({ oneOf: SERVICE_TYPES }) ?? 'ClusterIP';
  const clusterIP = spec.child('clusterIP').string();
  if (type === 'ExternalName') {
    const externalName = spec.child('externalName').string({ required: true });
    if (externalName !== undefined && !DNS1123_SUBDOMAIN.test(externalName.replace(/\.$/, ''))) spec.child('externalName').invalid('must be a DNS name');
    return;
  }
  if (clusterIP !== undefined && clusterIP !== '' && clusterIP !== 'None' && !/^(\d{1,3}\.){3}\d{1,3}$/.test(clusterIP)) spec.child('clusterIP').invalid('must be a valid IP address or "None"');
  if (clusterIP === 'None' && type !== 'ClusterIP') spec.child('clusterIP').invalid(`may not be "None" for a ${type} Service`);
  const ports = spec.child('ports').list({ nonEmpty: clusterIP !== 'None' });
  const names = new Set<string>();
  for (const port of ports) {
    if (!port.map()) continue;
    port.child('port').int({ required: true, min: 1, max: 65535 });
    port.child('protocol').string({ oneOf: ['TCP', 'UDP', 'SCTP'] });
    const name = port.child('name');
    if (ports.length > 1 && name.required()) {
      checkPortName(name);
      if (names.has(name.value as string)) name.fail(`Duplicate value: ${JSON.stringify(name.value)}`);
      names.add(name.value as string);
    } else if (name.present && name.value !== '') checkPortName(name);
    const target = port.child('targetPort');
    if (typeof target.value === 'number') target.int({ min: 1, max: 65535 });
    else if (typeof target.value === 'string') checkPortName(target);
    else if (target.present) target.invalid('must be a port number or name');
    const nodePort = port.child('nodePort');
    if (nodePort.present) {
      if (type === 'ClusterIP') nodePort.fail('Forbidden: may not be used when `type` is \'ClusterIP\'');
      else nodePort.int({ min: 30000, max: 32767 });
    }
  }
  spec.child('selector').stringMap();
  spec.child('sessionAffinity').string({ oneOf: ['None', 'ClientIP'] });
}

export function checkPersistentVolumeClaimSpec(spec: Field): void {
  if (!spec.map({ required: true })) return;
  for (const mode of spec.child('accessModes').list({ nonEmpty: true })) mode.string({ oneOf: ACCESS_MODES });
  checkQuantity(spec.child('resources').child('requests').child('storage'), { required: true, positive: true });
  spec.child('storageClassName').string();
  spec.child('volumeName').string();
  spec.child('volumeMode').string({ oneOf: ['Filesystem', 'Block'] });
}

export function checkPersistentVolumeClaim(object: Field): void {
  checkPersistentVolumeClaimSpec(object.child('spec'));
}

export function checkPersistentVolume(object: Field): void {
  const spec = object.child('spec');
  if (!spec.map({ required: true })) return;
  checkQuantity(spec.child('capacity').child('storage'), { required: true, positive: true });
  for (const mode of spec.child('accessModes').list({ nonEmpty: true })) mode.string({ oneOf: ACCESS_MODES });
  const source = spec.exactlyOneOf(PV_SOURCES, 'a volume source');
  if (source === 'hostPath' || source === 'local') checkAbsolutePath(spec.child(source).child('path'), { required: true });
  if (source === 'local' && !spec.child('nodeAffinity').present) spec.child('nodeAffinity').fail('Required value: local volumes need node affinity');
  spec.child('persistentVolumeReclaimPolicy').string({ oneOf: ['Retain', 'Delete', 'Recycle'] });
  spec.child('storageClassName').string();
  spec.child('volumeMode').string({ oneOf: ['Filesystem', 'Block'] });
  const claimRef = spec.child('claimRef');
  if (claimRef.map()) claimRef.child('name').string({ required: true });
}

export function checkNamespace(object: Field): void {
  checkName(object.child('metadata').child('name'), 'label');
}

export function checkEvent(object: Field): void {
  object.child('involvedObject').map({ required: true });
  object.child('count').int({ min: 0 });
}

export function checkEndpoints(object: Field): void {
  for (const subset of object.child('subsets').list()) {
    for (const address of subset.child('addresses').list()) address.child('ip').string({ required: true });
    for (const port of subset.child('ports').list()) port.child('port').int({ required: true, min: 0, max: 65535 });
  }
}
