// One error type for everything a user can get wrong (a malformed file, an unsupported component, a bad flag),
// distinct from bugs. `where` says where in the input the problem sits ("merges.txt line 12",
// "tokenizer.json pre_tokenizer.pretokenizers[1]") so the CLI and the UI can point at it.

export class InputError extends Error {
  override name = 'InputError';
  constructor(
    message: string,
    /** Where in the input: a file and line, or a JSON path. */
    readonly where?: string,
  ) {
    super(where ? `${where}: ${message}` : message);
  }
}

export function isInputError(e: unknown): e is InputError {
  return e instanceof Error && e.name === 'InputError';
}
