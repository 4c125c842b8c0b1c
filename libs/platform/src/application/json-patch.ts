import { InvalidInputError } from '@tandem/contracts';
import { cloneJson, isJsonObject, jsonEqual } from '../model/json-value';
import { isProperPrefix, parsePointer } from './json-pointer';

/** An operation of a JSON Patch (RFC 6902). */
export type JsonPatchOperation =
  | { op: 'add'; path: string; value: unknown }
  | { op: 'remove'; path: string }
  | { op: 'replace'; path: string; value: unknown }
  | { op: 'move'; from: string; path: string }
  | { op: 'copy'; from: string; path: string }
  | { op: 'test'; path: string; value: unknown };

export type JsonPatchOp = JsonPatchOperation['op'];

export const JSON_PATCH_OPS: readonly JsonPatchOp[] = ['add', 'remove', 'replace', 'move', 'copy', 'test'];

/** An operation of a patch could not be applied: `index` is its position in the patch. */
export class JsonPatchError extends InvalidInputError {
  readonly index: number;
  readonly operation: JsonPatchOperation;
  /** What is wrong, without the operation's name. */
  readonly problem: string;

  constructor(index: number, operation: JsonPatchOperation, problem: string) {
    super(`patch[${index}] (${describeOperation(operation)}): ${problem}`, { code: 'json-patch-failed' });
    this.index = index;
    this.operation = operation;
    this.problem = problem;
  }
}

/** `replace /spec/replicas`, `move /a -> /b`: an operation as messages name it. */
export function describeOperation(operation: JsonPatchOperation): string {
  switch (operation.op) {
    case 'add':
    case 'remove':
    case 'replace':
    case 'test':
      return `${operation.op} ${operation.path}`;
    case 'move':
    case 'copy':
      return `${operation.op} ${operation.from} -> ${operation.path}`;
    default: {
      const unknown: never = operation;
      return `unknown operation ${JSON.stringify(unknown)}`;
    }
  }
}

/**
 * Applies `operations` in order to a copy of `document` and returns the copy; `document` is not changed. The patch
 * is all or nothing: the first operation that cannot be applied throws a `JsonPatchError` naming it.
 */
export function applyJsonPatch(document: unknown, operations: readonly JsonPatchOperation[]): unknown {
  let result = cloneJson(document);
  operations.forEach((operation, index) => {
    try {
      result = applyOperation(result, operation);
    } catch (error) {
      throw new JsonPatchError(index, operation, error instanceof Error ? error.message : String(error));
    }
  });
  return result;
}

/** Why one operation could not be applied; `applyJsonPatch` turns it into a `JsonPatchError`. */
class PatchProblem extends Error {}

function applyOperation(document: unknown, operation: JsonPatchOperation): unknown {
  switch (operation.op) {
    case 'add':
      return add(document, parsePointer(operation.path), cloneJson(operation.value));
    case 'remove':
      return remove(document, parsePointer(operation.path));
    case 'replace': {
      const tokens = parsePointer(operation.path);
      return replace(document, tokens, cloneJson(operation.value));
    }
    case 'move': {
      if (operation.from === operation.path) {
        valueAt(document, parsePointer(operation.from));
        return document;
      }
      if (isProperPrefix(operation.from, operation.path)) throw new PatchProblem(`cannot move ${operation.from} into its own member ${operation.path}`);
      const from = parsePointer(operation.from);
      const value = valueAt(document, from);
      return add(remove(document, from), parsePointer(operation.path), value);
    }
    case 'copy':
      return add(document, parsePointer(operation.path), cloneJson(valueAt(document, parsePointer(operation.from))));
    case 'test': {
      const actual = valueAt(document, parsePointer(operation.path));
      if (!jsonEqual(actual, operation.value)) throw new PatchProblem(`${operation.path} is ${JSON.stringify(actual)}, not ${JSON.stringify(operation.value)}`);
      return document;
    }
    default: {
      const unknown: never = operation;
      throw new PatchProblem(`unknown operation ${JSON.stringify(unknown)}`);
    }
  }
}

/** The value the tokens point at; throws when it does not exist. */
function valueAt(document: unknown, tokens: readonly string[]): unknown {
  let current = document;
  tokens.forEach((token, depth) => {
    const where = pointerOf(tokens.slice(0, depth + 1));
    if (Array.isArray(current)) {
      current = current[arrayIndex(token, current.length, 'existing', where)];
    } else if (isJsonObject(current) && Object.prototype.hasOwnProperty.call(current, token)) {
      current = current[token];
    } else {
      throw new PatchProblem(`${where} does not exist`);
    }
  });
  return current;
}

/** The container (object or array) holding the last token, which must exist. */
function parentOf(document: unknown, tokens: readonly string[]): Record<string, unknown> | unknown[] {
  const parent = valueAt(document, tokens.slice(0, -1));
  if (Array.isArray(parent) || isJsonObject(parent)) return parent;
  throw new PatchProblem(`${pointerOf(tokens.slice(0, -1)) || 'the document'} is ${JSON.stringify(parent)}, not an object or array`);
}

function add(document: unknown, tokens: readonly string[], value: unknown): unknown {
  if (tokens.length === 0) return value;
  const parent = parentOf(document, tokens);
  const key = tokens[tokens.length - 1] as string;
  if (Array.isArray(parent)) {
    const index = key === '-' ? parent.length : arrayIndex(key, parent.length, 'or-end', pointerOf(tokens));
    parent.splice(index, 0, value);
  } else {
    Object.defineProperty(parent, key, { value, enumerable: true, writable: true, configurable: true });
  }
  return document;
}

function remove(document: unknown, tokens: readonly string[]): unknown {
  if (tokens.length === 0) throw new PatchProblem('cannot remove the whole document');
  valueAt(document, tokens);
  const parent = parentOf(document, tokens);
  const key = tokens[tokens.length - 1] as string;
  if (Array.isArray(parent)) parent.splice(arrayIndex(key, parent.length, 'existing', pointerOf(tokens)), 1);
  else delete parent[key];
  return document;
}

function replace(document: unknown, tokens: readonly string[], value: unknown): unknown {
  valueAt(document, tokens);
  if (tokens.length === 0) return value;
  const parent = parentOf(document, tokens);
  const key = tokens[tokens.length - 1] as string;
  if (Array.isArray(parent)) parent[arrayIndex(key, parent.length, 'existing', pointerOf(tokens))] = value;
  else Object.defineProperty(parent, key, { value, enumerable: true, writable: true, configurable: true });
  return document;
}

/**
 * An array index token (`0`, or digits without a leading zero) of an element that exists, or (`or-end`, for `add`)
 * of the position just after the last element.
 */
function arrayIndex(token: string, length: number, allowed: 'existing' | 'or-end', where: string): number {
  if (token === '-') throw new PatchProblem(`${where}: "-" (after the last element) can only be added to`);
  if (!/^(0|[1-9][0-9]*)$/.test(token)) throw new PatchProblem(`${where}: "${token}" is not an array index`);
  const index = Number(token);
  if (index > length || (index === length && allowed === 'existing')) throw new PatchProblem(`${where} does not exist (the array has ${length} elements)`);
  return index;
}

function pointerOf(tokens: readonly string[]): string {
  return tokens.map((token) => `/${token.replace(/~/g, '~0').replace(/\//g, '~1')}`).join('');
}
