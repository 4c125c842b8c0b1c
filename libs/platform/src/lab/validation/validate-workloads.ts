import { type LabelSelector, matchesSelector } from '../../model/label-selector';
import { isMap, listAt, mapAt } from '../util/json-value';
import type { Field } from './field-errors';
import { checkName, checkQualifiedKey } from './names';
import { checkPersistentVolumeClaimSpec } from './validate-core';
import { checkPodSpec, checkTemplateLabels } from './validate-pod-spec';

const OPERATORS = ['In', 'NotIn', 'Exists', 'DoesNotExist'];

/** A label selector; `required` ones must also select something (an empty selector matches every pod). */
export function checkSelector(selector: Field, options: { required: boolean }): LabelSelector | undefined {
  const value = selector.map({ required: options.required });
  if (!value) return undefined;
  selector.child('matchLabels').stringMap({ key: (key, field) => checkQualifiedKey(key, field) });
  for (const expression of selector.child('matchExpressions').list()) {
    if (!expression.map()) continue;
    expression.child('key').string({ required: true });
    const operator = expression.child('operator').string({ required: true, oneOf: OPERATORS });
    const values = expression.child('values').list();
    if ((operator === 'In' || operator === 'NotIn') && values.length === 0) expression.child('values').fail('Required value: must be specified when `operator` is \'In\' or \'NotIn\'');
    if ((operator === 'Exists' || operator === 'DoesNotExist') && values.length > 0) expression.child('values').fail('Forbidden: may not be specified when `operator` is \'Exists\' or \'DoesNotExist\'');
  }
  const empty = Object.keys(mapAt(value, 'matchLabels') ?? {}).length === 0 && listAt(value, 'matchExpressions').length === 0;
  if (options.required && empty) selector.fail('Invalid value: {}: empty selector is invalid for this workload (it would select every pod)');
  return value as LabelSelector;
}

/** A workload's `spec.selector` and `spec.template`: the template's labels must match the selector. */
function checkSelectedTemplate(spec: Field, options: { restartPolicies: readonly string[]; selectorRequired: boolean; extraVolumes?: string[] }): void {
  const selector = checkSelector(spec.child('selector'), { required: options.selectorRequired });
  const template = spec.child('template');
  if (!template.map({ required: true })) return;
  const labels = template.child('metadata').child('labels');
  checkTemplateLabels(labels);
  if (selector && isMap(spec.child('selector').value) && !matchesSelector(isMap(labels.value) ? (labels.value as Record<string, string>) : {}, selector)) {
    labels.invalid('`selector` does not match template `labels`');
  }
  checkPodSpec(template.child('spec'), { restartPolicies: options.restartPolicies, ...(options.extraVolumes ? { extraVolumes: options.extraVolumes } : {}) });
}

export function checkDeployment(object: Field): void {
  const spec = object.child('spec');
  if (!spec.map({ required: true })) return;
  spec.child('replicas').int({ min: 0 });
  spec.child('minReadySeconds').int({ min: 0 });
  spec.child('strategy').child('type').string({ oneOf: ['RollingUpdate', 'Recreate'] });
  checkSelectedTemplate(spec, { restartPolicies: ['Always'], selectorRequired: true });
}

export function checkReplicaSet(object: Field): void {
  const spec = object.child('spec');
  if (!spec.map({ required: true })) return;
  spec.child('replicas').int({ min: 0 });
  checkSelectedTemplate(spec, { restartPolicies: ['Always'], selectorRequired: true });
}

export function checkDaemonSet(object: Field): void {
  const spec = object.child('spec');
  if (!spec.map({ required: true })) return;
  spec.child('updateStrategy').child('type').string({ oneOf: ['RollingUpdate', 'OnDelete'] });
  checkSelectedTemplate(spec, { restartPolicies: ['Always'], selectorRequired: true });
}

export function checkStatefulSet(object: Field): void {
  const spec = object.child('spec');
  if (!spec.map({ required: true })) return;
  spec.child('replicas').int({ min: 0 });
  spec.child('serviceName').string();
  spec.child('podManagementPolicy').string({ oneOf: ['OrderedReady', 'Parallel'] });
  spec.child('updateStrategy').child('type').string({ oneOf: ['RollingUpdate', 'OnDelete'] });
  spec.child('ordinals').child('start').int({ min: 0 });
  const claims: string[] = [];
  for (const template of spec.child('volumeClaimTemplates').list()) {
    if (!template.map()) continue;
    const name = template.child('metadata').child('name');
    checkName(name, 'label');
    if (typeof name.value === 'string') claims.push(name.value);
    checkPersistentVolumeClaimSpec(template.child('spec'));
  }
  checkSelectedTemplate(spec, { restartPolicies: ['Always'], selectorRequired: true, extraVolumes: claims });
}

export function checkJob(object: Field): void {
  const spec = object.child('spec');
  if (!spec.map({ required: true })) return;
  checkJobSpec(spec);
}

function checkJobSpec(spec: Field): void {
  for (const field of ['parallelism', 'completions', 'backoffLimit']) spec.child(field).int({ min: 0 });
  spec.child('activeDeadlineSeconds').int({ min: 1 });
  spec.child('suspend').bool();
  checkSelectedTemplate(spec, { restartPolicies: ['OnFailure', 'Never'], selectorRequired: false });
  const template = spec.child('template').child('spec').child('restartPolicy');
  if (spec.child('template').present && !template.present) template.fail('Required value: a Job\'s pods must say restartPolicy OnFailure or Never');
}

export function checkCronJob(object: Field): void {
  const spec = object.child('spec');
  if (!spec.map({ required: true })) return;
  const schedule = spec.child('schedule').string({ required: true });
  if (schedule !== undefined && !/^@(yearly|annually|monthly|weekly|daily|midnight|hourly|every \S+)$/.test(schedule) && schedule.replace(/^(CRON_)?TZ=\S+\s+/, '').trim().split(/\s+/).length !== 5) {
    spec.child('schedule').invalid('must be a cron schedule of five fields (minute hour day-of-month month day-of-week) or a macro such as @hourly');
  }
  spec.child('concurrencyPolicy').string({ oneOf: ['Allow', 'Forbid', 'Replace'] });
  spec.child('suspend').bool();
  const jobSpec = spec.child('jobTemplate').child('spec');
  if (jobSpec.map({ required: true })) checkJobSpec(jobSpec);
}

export function checkPod(object: Field): void {
  checkPodSpec(object.child('spec'), { restartPolicies: ['Always', 'OnFailure', 'Never'] });
}

export function checkControllerRevision(object: Field): void {
  object.child('revision').int({ required: true, min: 0 });
}
