import { InvalidInputError } from '@tandem/contracts';
import { isJsonObject, type JsonObject } from '../model/json-value';
import { JSON_PATCH_OPS, type JsonPatchOp } from './json-patch';
import { isProperPrefix, pointerProblem } from './json-pointer';
import { describeOptionsProblem, type TransformOptions, type TransformOptionsProblem } from './transform-options';

const DNS_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
const DNS_SUBDOMAIN = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;
const OPERATORS = ['In', 'NotIn', 'Exists', 'DoesNotExist'];
/** Paths a rule may not change: Tandem identifies objects by them. */
const IDENTITY_PATHS = ['', '/apiVersion', '/kind', '/metadata', '/metadata/name', '/metadata/namespace'];

/**
 * Every problem of transform options at once (none: `[]`). Takes `unknown` because options come from users: each
 * problem names the field, what is wrong and what to do.
 */
export function validateTransformOptions(options: unknown): TransformOptionsProblem[] {
  const problems: TransformOptionsProblem[] = [];
  if (!isJsonObject(options)) return [{ field: 'options', problem: 'is not an object', fix: 'give an object with namespaceMapping, storageClassMapping and rules' }];
  validateMapping(options['namespaceMapping'], 'namespaceMapping', 'namespace', DNS_LABEL, 63, problems);
  validateMapping(options['storageClassMapping'], 'storageClassMapping', 'StorageClass', DNS_SUBDOMAIN, 253, problems);
  const rules = options['rules'];
  if (rules !== undefined && !Array.isArray(rules)) {
    problems.push({ field: 'rules', problem: 'is not a list', fix: 'give a list of rules, each { name, match, patch }' });
  } else if (Array.isArray(rules)) {
    const names = new Map<string, number>();
    rules.forEach((rule, index) => validateRule(rule, index, names, options['namespaceMapping'], problems));
  }
  return problems;
}

/** Throws an `InvalidInputError` listing every problem of the options, when there is one. */
export function assertValidTransformOptions(options: unknown): asserts options is TransformOptions {
  const problems = validateTransformOptions(options);
  if (problems.length === 0) return;
  throw new InvalidInputError(`the transform options have ${problems.length} problem(s):\n${problems.map((problem) => `- ${describeOptionsProblem(problem)}`).join('\n')}`, {
    code: 'invalid-transform-options',
  });
}

function validateMapping(mapping: unknown, field: string, what: string, pattern: RegExp, maxLength: number, problems: TransformOptionsProblem[]): void {
  if (mapping === undefined) return;
  if (!isJsonObject(mapping)) {
    problems.push({ field, problem: 'is not an object', fix: `map each source ${what} to a destination ${what}, e.g. { "shop": "shop-dr" }` });
    return;
  }
  const sources = new Map<string, string>();
  for (const [source, destination] of Object.entries(mapping)) {
    const name = `${field}["${source}"]`;
    if (!isName(source, pattern, maxLength)) problems.push({ field: name, problem: `"${source}" is not a valid ${what} name`, fix: `use lower-case letters, digits and "-", at most ${maxLength} characters` });
    if (typeof destination !== 'string' || !isName(destination, pattern, maxLength)) {
      problems.push({ field: name, problem: `${JSON.stringify(destination)} is not a valid ${what} name`, fix: `map to a ${what} name: lower-case letters, digits and "-", at most ${maxLength} characters` });
      continue;
    }
    const earlier = sources.get(destination);
    if (earlier !== undefined) {
      problems.push({ field: name, problem: `maps to "${destination}", as "${earlier}" does`, fix: `map each source ${what} to a different destination ${what}` });
    }
    sources.set(destination, source);
  }
}

function isName(value: string, pattern: RegExp, maxLength: number): boolean {
  return value.length <= maxLength && pattern.test(value);
}

function validateRule(rule: unknown, index: number, names: Map<string, number>, namespaceMapping: unknown, problems: TransformOptionsProblem[]): void {
  const at = `rules[${index}]`;
  if (!isJsonObject(rule)) {
    problems.push({ rule: { index }, field: at, problem: 'is not an object', fix: 'give { name, match, patch }' });
    return;
  }
  const name = typeof rule['name'] === 'string' && rule['name'] !== '' ? rule['name'] : undefined;
  const where = name === undefined ? { index } : { index, name };
  const push = (field: string, problem: string, fix: string): void => void problems.push({ rule: where, field: `${at}.${field}`, problem, fix });
  if (name === undefined) push('name', 'is missing or empty', 'name the rule, so that messages can say which rule failed');
  else if (names.has(name)) push('name', `"${name}" is also the name of rules[${names.get(name)}]`, 'give each rule its own name');
  else names.set(name, index);

  validateMatch(rule['match'], namespaceMapping, push);
  const patch = rule['patch'];
  if (!Array.isArray(patch) || patch.length === 0) {
    push('patch', 'is missing or empty', 'give a JSON Patch: a list of operations such as { "op": "replace", "path": "/spec/replicas", "value": 1 }');
    return;
  }
  patch.forEach((operation, opIndex) => validateOperation(operation, `patch[${opIndex}]`, push));
}

type Push = (field: string, problem: string, fix: string) => void;

function validateMatch(match: unknown, namespaceMapping: unknown, push: Push): void {
  if (!isJsonObject(match)) {
    push('match', 'is missing or not an object', 'say which objects the rule changes, at least { "kind": "Deployment" }');
    return;
  }
  if (typeof match['kind'] !== 'string' || match['kind'] === '') push('match.kind', 'is missing or empty', 'name the kind the rule changes, e.g. "Deployment"');
  for (const field of ['group', 'namespace', 'name']) {
    if (match[field] !== undefined && typeof match[field] !== 'string') push(`match.${field}`, 'is not a string', `give the ${field} as a string, or leave it out to match any`);
  }
  const namespace = match['namespace'];
  if (typeof namespace === 'string' && isJsonObject(namespaceMapping) && typeof namespaceMapping[namespace] === 'string' && !Object.values(namespaceMapping).includes(namespace)) {
    push('match.namespace', `"${namespace}" is a source namespace that namespaceMapping renames to "${String(namespaceMapping[namespace])}"`, `rules see destination namespaces: match "${String(namespaceMapping[namespace])}"`);
  }
  if (match['selector'] !== undefined) validateSelector(match['selector'], push);
}

function validateSelector(selector: unknown, push: Push): void {
  if (!isJsonObject(selector)) {
    push('match.selector', 'is not an object', 'give a label selector: { matchLabels, matchExpressions }');
    return;
  }
  const matchLabels = selector['matchLabels'];
  if (matchLabels !== undefined && (!isJsonObject(matchLabels) || Object.values(matchLabels).some((value) => typeof value !== 'string'))) {
    push('match.selector.matchLabels', 'is not a map of strings', 'give label keys and values as strings, e.g. { "app": "web" }');
  }
  const expressions = selector['matchExpressions'];
  if (expressions === undefined) return;
  if (!Array.isArray(expressions)) {
    push('match.selector.matchExpressions', 'is not a list', 'give a list of { key, operator, values }');
    return;
  }
  expressions.forEach((expression, index) => {
    const field = `match.selector.matchExpressions[${index}]`;
    if (!isJsonObject(expression)) return push(field, 'is not an object', 'give { key, operator, values }');
    if (typeof expression['key'] !== 'string' || expression['key'] === '') push(`${field}.key`, 'is missing or empty', 'name the label key');
    const operator = expression['operator'];
    if (typeof operator !== 'string' || !OPERATORS.includes(operator)) {
      return push(`${field}.operator`, `${JSON.stringify(operator)} is not an operator`, `use one of ${OPERATORS.join(', ')}`);
    }
    const values = expression['values'];
    const hasValues = Array.isArray(values) && values.length > 0;
    if (Array.isArray(values) && values.some((value) => typeof value !== 'string')) push(`${field}.values`, 'has a value that is not a string', 'give the values as strings');
    if ((operator === 'In' || operator === 'NotIn') && !hasValues) push(`${field}.values`, `is empty, and ${operator} needs values`, 'list the label values to compare with');
    if ((operator === 'Exists' || operator === 'DoesNotExist') && hasValues) push(`${field}.values`, `is given, and ${operator} takes none`, 'leave values out');
  });
}

function validateOperation(operation: unknown, at: string, push: Push): void {
  if (!isJsonObject(operation)) return push(at, 'is not an object', 'give { op, path, value } (or { op, from, path } for move and copy)');
  const op = operation['op'];
  if (typeof op !== 'string' || !(JSON_PATCH_OPS as readonly string[]).includes(op)) {
    return push(`${at}.op`, `${JSON.stringify(op)} is not a JSON Patch operation`, `use one of ${JSON_PATCH_OPS.join(', ')}`);
  }
  const kind = op as JsonPatchOp;
  const path = validatePointer(operation, 'path', at, push);
  switch (kind) {
    case 'add':
    case 'replace':
    case 'test':
      if (!('value' in operation)) push(`${at}.value`, `is missing, and ${kind} needs one`, 'give the value (null is a value)');
      break;
    case 'remove':
      break;
    case 'move':
    case 'copy': {
      const from = validatePointer(operation, 'from', at, push);
      if (kind === 'move' && from !== undefined && path !== undefined && isProperPrefix(from, path)) {
        push(`${at}.path`, `"${path}" is inside "${from}", which is being moved`, 'move to a path outside the value moved');
      }
      if (kind === 'move' && from !== undefined && IDENTITY_PATHS.includes(from)) {
        push(`${at}.from`, `moves "${from}", by which Tandem identifies the object`, 'copy it instead, or rename namespaces with namespaceMapping');
      }
      break;
    }
    default: {
      const unknown: never = kind;
      push(`${at}.op`, `${String(unknown)} is not a JSON Patch operation`, `use one of ${JSON_PATCH_OPS.join(', ')}`);
    }
  }
  if (kind !== 'test' && path !== undefined && IDENTITY_PATHS.includes(path)) {
    push(`${at}.path`, `${path === '' ? 'the whole object' : `"${path}"`} cannot be changed: Tandem identifies objects by apiVersion, kind, name and namespace`, 'patch the fields inside; rename namespaces with namespaceMapping');
  }
}

function validatePointer(operation: JsonObject, field: 'path' | 'from', at: string, push: Push): string | undefined {
  const pointer = operation[field];
  if (typeof pointer !== 'string') {
    push(`${at}.${field}`, 'is missing or not a string', 'give a JSON Pointer such as "/spec/replicas"');
    return undefined;
  }
  const problem = pointerProblem(pointer);
  if (problem !== undefined) {
    push(`${at}.${field}`, problem, 'write a JSON Pointer (RFC 6901) such as "/spec/replicas"');
    return undefined;
  }
  return pointer;
}
