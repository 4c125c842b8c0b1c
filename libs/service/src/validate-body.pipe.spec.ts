import { obj, str } from '@tandem/contracts';
import { InvalidInputError } from '@tandem/contracts';
import { type Parser, validateBody } from './validate-body.pipe';

const metadata = { type: 'body' as const };

describe('validateBody', () => {
  const parseName: Parser<{ name: string }> = (input) =>
    typeof input === 'object' && input !== null && typeof (input as { name?: unknown }).name === 'string'
      ? { ok: true, value: { name: (input as { name: string }).name } }
      : { ok: false, reason: 'name must be a string' };

  it('passes the parsed value on', () => {
    expect(validateBody(parseName).transform({ name: 'shop', extra: 1 }, metadata)).toEqual({ name: 'shop' });
  });

  it('throws InvalidInputError with the reason (the HTTP edge answers 400)', () => {
    expect(() => validateBody(parseName).transform({ name: 1 }, metadata)).toThrow(new InvalidInputError('invalid request body: name must be a string'));
  });

  it("accepts a schema of @tandem/contracts and keeps its field path in the reason", () => {
    const pipe = validateBody(obj({ name: str() }));
    expect(pipe.transform({ name: 'shop' }, metadata)).toEqual({ name: 'shop' });
    let error: unknown;
    try {
      pipe.transform({ name: 42 }, metadata);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(InvalidInputError);
    expect((error as Error).message).toMatch(/^invalid request body: .*name.*42/);
  });
});
