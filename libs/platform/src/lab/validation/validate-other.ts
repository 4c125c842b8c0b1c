import { isMap } from '../util/json-value';
import type { Field } from './field-errors';
import { checkName, DNS1123_SUBDOMAIN } from './names';
import { checkSelector } from './validate-workloads';

const RBAC_GROUP = 'rbac.authorization.k8s.io';

export function checkRole(object: Field, clusterScoped: boolean): void {
  for (const rule of object.child('rules').list()) {
    if (!rule.map()) continue;
    rule.child('verbs').list({ nonEmpty: true }).forEach((verb) => verb.string({ required: true }));
    const urls = rule.child('nonResourceURLs').list();
    if (urls.length > 0 && !clusterScoped) rule.child('nonResourceURLs').fail('Invalid value: namespaced rules cannot apply to non-resource URLs');
    if (urls.length === 0 && !rule.child('apiGroups').present) rule.child('apiGroups').fail('Required value: resource rules must supply at least one api group');
    if (urls.length === 0 && !rule.child('resources').present) rule.child('resources').fail('Required value: resource rules must supply at least one resource');
  }
}

export function checkRoleBinding(object: Field, clusterScoped: boolean): void {
  const roleRef = object.child('roleRef');
  if (roleRef.map({ required: true })) {
    roleRef.child('apiGroup').string({ required: true, oneOf: [RBAC_GROUP] });
    roleRef.child('kind').string({ required: true, oneOf: clusterScoped ? ['ClusterRole'] : ['Role', 'ClusterRole'] });
    checkName(roleRef.child('name'), 'path-segment');
  }
  for (const subject of object.child('subjects').list()) {
    if (!subject.map()) continue;
    const kind = subject.child('kind').string({ required: true, oneOf: ['ServiceAccount', 'User', 'Group'] });
    subject.child('name').string({ required: true });
    if (kind === 'ServiceAccount' && clusterScoped) subject.child('namespace').string({ required: true });
  }
}

export function checkStorageClass(object: Field): void {
  object.child('provisioner').string({ required: true, max: 253 });
  object.child('parameters').stringMap();
  object.child('reclaimPolicy').string({ oneOf: ['Delete', 'Retain'] });
  object.child('volumeBindingMode').string({ oneOf: ['Immediate', 'WaitForFirstConsumer'] });
  object.child('allowVolumeExpansion').bool();
}

export function checkCustomResourceDefinition(object: Field): void {
  const spec = object.child('spec');
  if (!spec.map({ required: true })) return;
  const group = spec.child('group').string({ required: true });
  if (group !== undefined && (!DNS1123_SUBDOMAIN.test(group) || !group.includes('.'))) spec.child('group').invalid('should be a domain with at least one dot');
  const names = spec.child('names');
  if (names.map({ required: true })) {
    const plural = names.child('plural');
    checkName(plural, 'label');
    names.child('kind').string({ required: true, pattern: /^[A-Za-z][A-Za-z0-9]*$/, help: 'must be a name such as Widget' });
    if (typeof plural.value === 'string' && group !== undefined && object.child('metadata').child('name').value !== `${plural.value}.${group}`) {
      object.child('metadata').child('name').invalid(`must be spec.names.plural+"."+spec.group ("${plural.value}.${group}")`);
    }
  }
  spec.child('scope').string({ required: true, oneOf: ['Namespaced', 'Cluster'] });
  const versions = spec.child('versions').list({ nonEmpty: true });
  const seen = new Set<string>();
  for (const version of versions) {
    const name = version.child('name');
    checkName(name, 'label');
    if (typeof name.value === 'string') {
      if (seen.has(name.value)) name.fail(`Duplicate value: ${JSON.stringify(name.value)}`);
      seen.add(name.value);
    }
    version.child('served').bool();
    version.child('storage').bool();
    const schema = version.child('schema').child('openAPIV3Schema');
    if (schema.map({ required: true }) && schema.child('type').string({ required: true }) !== 'object') schema.child('type').invalid('must be object at the root');
  }
  const storage = (spec.child('versions').value as unknown[] | undefined)?.filter((v) => isMap(v) && v['storage'] === true).length ?? 0;
  if (versions.length > 0 && storage !== 1) spec.child('versions').invalid(`must have exactly one version marked as storage version, found ${storage}`);
}

export function checkIngress(object: Field): void {
  const spec = object.child('spec');
  if (!spec.map()) return;
  const rules = spec.child('rules').list();
  if (rules.length === 0 && !spec.child('defaultBackend').present) spec.fail('Invalid value: either `defaultBackend` or `rules` must be specified');
  for (const rule of rules) {
    for (const path of rule.child('http').child('paths').list()) {
      path.child('pathType').string({ required: true, oneOf: ['Exact', 'Prefix', 'ImplementationSpecific'] });
      path.child('backend').map({ required: true });
    }
  }
}

export function checkNetworkPolicy(object: Field): void {
  const spec = object.child('spec');
  if (!spec.map({ required: true })) return;
  checkSelector(spec.child('podSelector'), { required: false });
  if (!spec.child('podSelector').present) spec.child('podSelector').fail('Required value');
  for (const type of spec.child('policyTypes').list()) type.string({ oneOf: ['Ingress', 'Egress'] });
}

export function checkPodDisruptionBudget(object: Field): void {
  const spec = object.child('spec');
  if (!spec.map()) return;
  if (spec.child('minAvailable').present && spec.child('maxUnavailable').present) spec.fail('Invalid value: minAvailable and maxUnavailable cannot be both set');
  checkSelector(spec.child('selector'), { required: false });
}
