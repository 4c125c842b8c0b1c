import { InvalidInputError } from '@tandem/contracts';

/** Milliseconds since the epoch of a Date, or an InvalidInputError naming `what` when it is not a valid date. */
export function validInstant(value: Date, what: string): number {
  const ms = value instanceof Date ? value.getTime() : Number.NaN;
  if (Number.isNaN(ms)) {
    throw new InvalidInputError(`${what} is not a valid date: ${String(value)}.`, { code: 'invalid-instant' });
  }
  return ms;
}
