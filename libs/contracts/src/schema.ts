import { fail, ok, Result } from './result';

/**
 * A tiny runtime schema: contracts carry no runtime dependencies, so every message shape is
 * described with these combinators and checked at each boundary. A failure names the field path,
 * what was expected and what was seen.
 */
export interface Schema<T> {
  readonly describe: string;
  parse(value: unknown, path?: string): Result<T>;
}

export type Infer<S> = S extends Schema<infer T> ? T : never;

const seen = (value: unknown): string => {
  if (value === undefined) return 'nothing';
  const text = JSON.stringify(value);
  return text === undefined ? typeof value : text.length > 60 ? `${text.slice(0, 57)}...` : text;
};

const expected = (path: string, what: string, value: unknown) =>
  fail<never>(`${path || 'value'}: expected ${what}, got ${seen(value)}`);

const schema = <T>(describe: string, parse: (value: unknown, path: string) => Result<T>): Schema<T> => ({
  describe,
  parse: (value, path = '') => parse(value, path),
});

export const str = (opts: { min?: number; max?: number; pattern?: RegExp } = {}): Schema<string> => {
  const min = opts.min ?? 1;
  const max = opts.max ?? 4096;
  const describe = `a string of ${min} to ${max} characters${opts.pattern ? ` matching ${opts.pattern}` : ''}`;
  return schema(describe, (v, path) =>
    typeof v === 'string' && v.length >= min && v.length <= max && (!opts.pattern || opts.pattern.test(v))
      ? ok(v)
      : expected(path, describe, v),
  );
};

export const int = (opts: { min?: number; max?: number } = {}): Schema<number> => {
  const min = opts.min ?? Number.MIN_SAFE_INTEGER;
  const max = opts.max ?? Number.MAX_SAFE_INTEGER;
  const describe = `an integer from ${min} to ${max}`;
  return schema(describe, (v, path) =>
    typeof v === 'number' && Number.isInteger(v) && v >= min && v <= max ? ok(v) : expected(path, describe, v),
  );
};

export const num = (): Schema<number> =>
  schema('a finite number', (v, path) =>
    typeof v === 'number' && Number.isFinite(v) ? ok(v) : expected(path, 'a finite number', v),
  );

export const bool = (): Schema<boolean> =>
  schema('true or false', (v, path) => (typeof v === 'boolean' ? ok(v) : expected(path, 'true or false', v)));

export const isoTime = (): Schema<string> =>
  schema('an RFC 3339 time', (v, path) =>
    typeof v === 'string' && /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/.test(v) && !Number.isNaN(Date.parse(v))
      ? ok(v)
      : expected(path, 'an RFC 3339 time', v),
  );

export const oneOf = <const V extends readonly (string | number)[]>(values: V): Schema<V[number]> => {
  const describe = `one of ${values.join(' | ')}`;
  return schema(describe, (v, path) =>
    (values as readonly unknown[]).includes(v) ? ok(v as V[number]) : expected(path, describe, v),
  );
};

export const arr = <T>(item: Schema<T>, opts: { min?: number; max?: number } = {}): Schema<T[]> => {
  const max = opts.max ?? 10_000;
  const min = opts.min ?? 0;
  return schema(`a list of ${item.describe}`, (v, path) => {
    if (!Array.isArray(v) || v.length > max || v.length < min) {
      return expected(path, min > 0 ? `a list of ${min} to ${max} items` : `a list of at most ${max} items`, v);
    }
    const out: T[] = [];
    for (let i = 0; i < v.length; i++) {
      const r = item.parse(v[i], `${path}[${i}]`);
      if (!r.ok) return r;
      out.push(r.value);
    }
    return ok(out);
  });
};

export const record = <T>(value: Schema<T>): Schema<Record<string, T>> =>
  schema(`a map of ${value.describe}`, (v, path) => {
    if (typeof v !== 'object' || v === null || Array.isArray(v)) return expected(path, 'an object', v);
    const out: Record<string, T> = {};
    for (const [k, item] of Object.entries(v)) {
      const r = value.parse(item, path ? `${path}.${k}` : k);
      if (!r.ok) return r;
      out[k] = r.value;
    }
    return ok(out);
  });

/** Any JSON value, kept as it is (for opaque payloads such as saga inputs). */
export const json = (): Schema<unknown> =>
  schema('any JSON value', (v, path) => (v === undefined ? expected(path, 'a JSON value', v) : ok(v)));

const OPTIONAL = Symbol('optional');
export type Optional<T> = Schema<T | undefined> & { [OPTIONAL]: true };

export const opt = <T>(inner: Schema<T>): Optional<T> =>
  Object.assign(
    schema<T | undefined>(`${inner.describe} (optional)`, (v, path) =>
      v === undefined || v === null ? ok(undefined) : inner.parse(v, path),
    ),
    { [OPTIONAL]: true as const },
  );

type Shape = Record<string, Schema<unknown>>;
type OptionalKeys<S extends Shape> = { [K in keyof S]: S[K] extends Optional<unknown> ? K : never }[keyof S];
type RequiredKeys<S extends Shape> = Exclude<keyof S, OptionalKeys<S>>;
export type ObjectOf<S extends Shape> = { [K in RequiredKeys<S>]: Infer<S[K]> } & {
  [K in OptionalKeys<S>]?: Exclude<Infer<S[K]>, undefined>;
};

/** An object with exactly these fields; unknown fields are rejected so typos are caught at the boundary. */
export const obj = <S extends Shape>(shape: S, opts: { allowUnknown?: boolean } = {}): Schema<ObjectOf<S>> =>
  schema(`an object with ${Object.keys(shape).join(', ')}`, (v, path) => {
    if (typeof v !== 'object' || v === null || Array.isArray(v)) return expected(path, 'an object', v);
    const input = v as Record<string, unknown>;
    const out: Record<string, unknown> = {};
    for (const [key, field] of Object.entries(shape)) {
      const r = field.parse(input[key], path ? `${path}.${key}` : key);
      if (!r.ok) return r;
      if (r.value !== undefined) out[key] = r.value;
    }
    if (!opts.allowUnknown) {
      const extra = Object.keys(input).filter((k) => !(k in shape));
      if (extra.length > 0) return fail(`${path || 'value'}: unknown field ${extra.map((k) => `"${k}"`).join(', ')}`);
    }
    return ok(out as ObjectOf<S>);
  });
