import type { ObjectRef } from '../../model/kube-object';
import { PlatformError } from '../../platform.errors';
import { type JsonMap, isMap } from '../util/json-value';

/** The problems found in one object, each naming its field the way Kubernetes does (`spec.ports[0].port`). */
export class FieldErrors {
  private readonly problems: string[] = [];

  add(path: string, problem: string): void {
    this.problems.push(`${path || '<object>'}: ${problem}`);
  }

  get empty(): boolean {
    return this.problems.length === 0;
  }

  /** Throws `Invalid` listing every problem, when there are any; `subject` names the object when `ref` cannot. */
  throwIfAny(ref: ObjectRef | undefined, subject = ''): void {
    if (this.empty) return;
    throw new PlatformError('Invalid', `${subject}is invalid: ${this.problems.join('; ')}`, ref === undefined ? {} : { ref });
  }
}

export function shown(value: unknown): string {
  const text = JSON.stringify(value) ?? String(value);
  return text.length > 80 ? `${text.slice(0, 77)}...` : text;
}

/** A field of the object being validated: its path, its value, and checks that report to the errors. */
export class Field {
  constructor(
    readonly errors: FieldErrors,
    readonly path: string,
    readonly value: unknown,
  ) {}

  static root(errors: FieldErrors, value: unknown): Field {
    return new Field(errors, '', value);
  }

  child(name: string): Field {
    return new Field(this.errors, this.path ? `${this.path}.${name}` : name, isMap(this.value) ? this.value[name] : undefined);
  }

  get present(): boolean {
    return this.value !== undefined && this.value !== null;
  }

  fail(problem: string): void {
    this.errors.add(this.path, problem);
  }

  invalid(why: string): void {
    this.fail(`Invalid value: ${shown(this.value)}: ${why}`);
  }

  required(): boolean {
    if (this.present && this.value !== '') return true;
    this.fail('Required value');
    return false;
  }

  string(options: { required?: boolean; pattern?: RegExp; help?: string; max?: number; oneOf?: readonly string[] } = {}): string | undefined {
    if (!this.present) {
      if (options.required) this.fail('Required value');
      return undefined;
    }
    if (typeof this.value !== 'string') return void this.invalid('must be a string');
    if (options.required && this.value === '') return void this.fail('Required value');
    if (options.oneOf && !options.oneOf.includes(this.value)) {
      return void this.fail(`Unsupported value: ${shown(this.value)}: supported values: ${options.oneOf.map((v) => `"${v}"`).join(', ')}`);
    }
    if (options.max !== undefined && this.value.length > options.max) return void this.invalid(`must be no more than ${options.max} characters`);
    if (options.pattern && !options.pattern.test(this.value)) return void this.invalid(options.help ?? `must match ${options.pattern}`);
    return this.value;
  }

  int(options: { required?: boolean; min?: number; max?: number } = {}): number | undefined {
    if (!this.present) {
      if (options.required) this.fail('Required value');
      return undefined;
    }
    if (typeof this.value !== 'number' || !Number.isInteger(this.value)) return void this.invalid('must be an integer');
    if (options.min !== undefined && this.value < options.min) return void this.invalid(`must be greater than or equal to ${options.min}`);
    if (options.max !== undefined && this.value > options.max) return void this.invalid(`must be less than or equal to ${options.max}`);
    return this.value;
  }

  bool(): boolean | undefined {
    if (!this.present) return undefined;
    if (typeof this.value !== 'boolean') return void this.invalid('must be true or false');
    return this.value;
  }

  map(options: { required?: boolean } = {}): JsonMap | undefined {
    if (!this.present) {
      if (options.required) this.fail('Required value');
      return undefined;
    }
    if (!isMap(this.value)) return void this.invalid('must be an object');
    return this.value;
  }

  /** The items of a list (none when absent or not a list, which is reported). */
  list(options: { required?: boolean; nonEmpty?: boolean } = {}): Field[] {
    if (!this.present) {
      if (options.required || options.nonEmpty) this.fail('Required value');
      return [];
    }
    if (!Array.isArray(this.value)) {
      this.invalid('must be a list');
      return [];
    }
    if (options.nonEmpty && this.value.length === 0) this.fail('Required value: must have at least one item');
    return this.value.map((item, i) => new Field(this.errors, `${this.path}[${i}]`, item));
  }

  /** A map of strings to strings (labels, selectors, data). */
  stringMap(options: { key?: (key: string, field: Field) => void } = {}): Record<string, string> | undefined {
    const map = this.map();
    if (!map) return undefined;
    for (const [key, value] of Object.entries(map)) {
      const field = new Field(this.errors, `${this.path}[${JSON.stringify(key)}]`, value);
      if (typeof value !== 'string') field.invalid('must be a string');
      options.key?.(key, field);
    }
    return map as Record<string, string>;
  }

  /** The fields set among `options`: reports when not exactly one is (e.g. a volume's source). */
  exactlyOneOf(options: readonly string[], what: string): string | undefined {
    const map = isMap(this.value) ? this.value : {};
    const set = options.filter((key) => map[key] !== undefined && map[key] !== null);
    if (set.length === 1) return set[0];
    this.fail(set.length === 0 ? `Required value: must specify ${what} (one of ${options.join(', ')})` : `Forbidden: may not specify more than one ${what} (${set.join(', ')})`);
    return undefined;
  }
}
