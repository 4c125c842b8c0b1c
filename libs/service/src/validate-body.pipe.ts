import { type PipeTransform } from '@nestjs/common';
import { InvalidInputError } from '@tandem/contracts';

/** Expected outcome of checking untrusted input: the typed value, or a reason a user can act on. */
export type ParseResult<T> = { ok: true; value: T } | { ok: false; reason: string };
export type Parser<T> = (input: unknown) => ParseResult<T>;
/** Anything with a `parse` of that shape, e.g. a schema of `@tandem/contracts`. */
export interface ParsingSchema<T> {
  parse(input: unknown): ParseResult<T>;
}

/**
 * A pipe for `@Body(validateBody(parseX))` or `@Body(validateBody(XSchema))`: checks the request body and answers
 * 400 `{ error: 'invalid-input', message: 'invalid request body: <reason>' }` when it does not pass.
 * (No class-validator: parsers are plain functions or the contracts' schemas.)
 */
export function validateBody<T>(parser: Parser<T> | ParsingSchema<T>): PipeTransform<unknown, T> {
  const parse: Parser<T> = typeof parser === 'function' ? parser : (input) => parser.parse(input);
  return {
    transform(body: unknown): T {
      const result = parse(body);
      if (!result.ok) throw new InvalidInputError(`invalid request body: ${result.reason}`);
      return result.value;
    },
  };
}
