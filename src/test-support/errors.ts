// Tests of bad input: run f, and return the InputError it throws (its message and where), failing otherwise.
// Example: expect(inputError(() => loadTokenizer([])).message).toMatch(/no file/).

import { isInputError } from '../lib/core/errors.ts';

export function inputError(f: () => unknown): { message: string; where?: string } {
  try {
    f();
  } catch (e) {
    if (isInputError(e)) return e;
    throw e;
  }
  throw new Error('expected an InputError');
}
