import { fail, ok } from './result';
import type { Infer, Schema } from './schema';

/**
 * Schemas the base combinators lack: a union of object shapes told apart by one field (`kind`), a union of
 * shapes told apart by which single key is present, and a number within a range.
 */
const seen = (value: unknown): string => {
  const text = JSON.stringify(value);
  return text === undefined ? typeof value : text.length > 60 ? `${text.slice(0, 57)}...` : text;
};

/** One of several object shapes chosen by the value of `key`, e.g. `{ kind: 'fs', … } | { kind: 's3', … }`. */
export const tagged = <K extends string, V extends Record<string, Schema<unknown>>>(
  key: K,
  variants: V,
): Schema<{ [T in keyof V]: Infer<V[T]> }[keyof V]> => {
  const tags = Object.keys(variants);
  return {
    describe: `an object whose ${key} is one of ${tags.join(' | ')}`,
    parse: (value, path = '') => {
      const where = path || 'value';
      if (typeof value !== 'object' || value === null || Array.isArray(value)) return fail(`${where}: expected an object, got ${seen(value)}`);
      const tag = (value as Record<string, unknown>)[key];
      const variant = typeof tag === 'string' && Object.hasOwn(variants, tag) ? variants[tag] : undefined;
      if (!variant) return fail(`${path ? `${path}.` : ''}${key}: expected one of ${tags.join(' | ')}, got ${tag === undefined ? 'nothing' : seen(tag)}`);
      return variant.parse(value, path) as ReturnType<Schema<{ [T in keyof V]: Infer<V[T]> }[keyof V]>['parse']>;
    },
  };
};

/** Exactly one of several keys, each with its own schema: `{ secretFile: … } | { env: … }`. */
export const exactlyOneOf = <V extends Record<string, Schema<unknown>>>(
  variants: V,
): Schema<{ [K in keyof V]: { [P in K]: Infer<V[K]> } }[keyof V]> => {
  const keys = Object.keys(variants);
  return {
    describe: `an object with exactly one of ${keys.join(', ')}`,
    parse: (value, path = '') => {
      const where = path || 'value';
      if (typeof value !== 'object' || value === null || Array.isArray(value)) return fail(`${where}: expected an object, got ${seen(value)}`);
      const present = Object.keys(value);
      if (present.length !== 1 || !keys.includes(present[0]!)) {
        return fail(`${where}: expected exactly one of ${keys.join(', ')}, got ${present.length === 0 ? 'none' : present.join(', ')}`);
      }
      const key = present[0]!;
      const inner = variants[key]!.parse((value as Record<string, unknown>)[key], path ? `${path}.${key}` : key);
      return inner.ok ? ok({ [key]: inner.value } as { [K in keyof V]: { [P in K]: Infer<V[K]> } }[keyof V]) : inner;
    },
  };
};

/** A finite number from `min` to `max`, both included unless `exclusiveMin`. */
export const numIn = (min: number, max: number, opts: { exclusiveMin?: boolean } = {}): Schema<number> => {
  const describe = `a number ${opts.exclusiveMin ? 'above' : 'from'} ${min} ${opts.exclusiveMin ? 'up ' : ''}to ${max}`;
  return {
    describe,
    parse: (value, path = '') =>
      typeof value === 'number' && Number.isFinite(value) && (opts.exclusiveMin ? value > min : value >= min) && value <= max
        ? ok(value)
        : fail(`${path || 'value'}: expected ${describe}, got ${value === undefined ? 'nothing' : seen(value)}`),
  };
};
