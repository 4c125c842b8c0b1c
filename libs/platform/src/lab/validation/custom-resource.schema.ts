import { type JsonMap, isMap } from '../util/json-value';
import type { Field } from './field-errors';

/**
 * A custom resource checked against its CRD version's openAPIV3Schema, as the API server does for structural
 * schemas: types, required fields, enums, bounds and patterns are checked, and fields the schema does not know
 * are pruned (dropped) unless `x-kubernetes-preserve-unknown-fields` keeps them.
 */
export function checkAgainstSchema(field: Field, schema: unknown): void {
  if (!isMap(schema) || !field.present) return;
  const value = field.value;
  if (value === null && schema['nullable'] === true) return;
  if (schema['x-kubernetes-int-or-string'] === true) {
    if (typeof value !== 'string' && !(typeof value === 'number' && Number.isInteger(value))) field.invalid('must be an integer or a string');
    return;
  }
  if (!checkType(field, schema['type'])) return;
  if (Array.isArray(schema['enum']) && !schema['enum'].some((allowed) => allowed === value)) {
    field.fail(`Unsupported value: ${JSON.stringify(value)}: supported values: ${schema['enum'].map((v) => JSON.stringify(v)).join(', ')}`);
  }
  if (typeof value === 'number') {
    if (typeof schema['minimum'] === 'number' && value < schema['minimum']) field.invalid(`should be greater than or equal to ${schema['minimum']}`);
    if (typeof schema['maximum'] === 'number' && value > schema['maximum']) field.invalid(`should be less than or equal to ${schema['maximum']}`);
  }
  if (typeof value === 'string') {
    if (typeof schema['pattern'] === 'string' && !new RegExp(schema['pattern'], 'u').test(value)) field.invalid(`should match '${schema['pattern']}'`);
    if (typeof schema['maxLength'] === 'number' && value.length > schema['maxLength']) field.invalid(`may not be longer than ${schema['maxLength']}`);
    if (typeof schema['minLength'] === 'number' && value.length < schema['minLength']) field.invalid(`should be at least ${schema['minLength']} chars long`);
  }
  if (Array.isArray(value)) {
    if (typeof schema['maxItems'] === 'number' && value.length > schema['maxItems']) field.invalid(`must have at most ${schema['maxItems']} items`);
    if (typeof schema['minItems'] === 'number' && value.length < schema['minItems']) field.invalid(`should have at least ${schema['minItems']} items`);
    field.list().forEach((item) => checkAgainstSchema(item, schema['items']));
  }
  if (isMap(value)) checkObject(field, value, schema);
}

function checkObject(field: Field, value: JsonMap, schema: JsonMap): void {
  for (const name of Array.isArray(schema['required']) ? schema['required'] : []) {
    if (typeof name === 'string' && value[name] === undefined) field.child(name).fail('Required value');
  }
  const properties = isMap(schema['properties']) ? schema['properties'] : undefined;
  const additional = schema['additionalProperties'];
  for (const key of Object.keys(value)) {
    if (properties && key in properties) checkAgainstSchema(field.child(key), properties[key]);
    else if (isMap(additional)) checkAgainstSchema(field.child(key), additional);
    else if (schema['x-kubernetes-preserve-unknown-fields'] !== true && additional !== true) delete value[key];
  }
}

const JSON_TYPES: Record<string, (value: unknown) => boolean> = {
  object: isMap,
  array: Array.isArray,
  string: (value) => typeof value === 'string',
  integer: (value) => typeof value === 'number' && Number.isInteger(value),
  number: (value) => typeof value === 'number',
  boolean: (value) => typeof value === 'boolean',
};

function checkType(field: Field, type: unknown): boolean {
  if (typeof type !== 'string' || !JSON_TYPES[type]) return true;
  if (JSON_TYPES[type](field.value)) return true;
  field.fail(`Invalid value: ${JSON.stringify(typeof field.value === 'object' ? (Array.isArray(field.value) ? 'array' : 'object') : typeof field.value)}: ${field.path} in body must be of type ${type}`);
  return false;
}

/** Checks and prunes a custom resource (everything but apiVersion, kind and metadata) in place. */
export function checkCustomResource(root: Field, schema: unknown): void {
  if (!isMap(schema) || !isMap(root.value)) return;
  const properties = isMap(schema['properties']) ? schema['properties'] : {};
  const object = root.value;
  for (const key of Object.keys(object)) {
    if (key === 'apiVersion' || key === 'kind' || key === 'metadata') continue;
    if (key in properties) checkAgainstSchema(root.child(key), properties[key]);
    else if (schema['x-kubernetes-preserve-unknown-fields'] !== true) delete object[key];
  }
  for (const name of Array.isArray(schema['required']) ? schema['required'] : []) {
    if (typeof name === 'string' && object[name] === undefined) root.child(name).fail('Required value');
  }
}
