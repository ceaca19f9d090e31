// mergeprint encode: the token ids of a text, space-separated on one line, exactly as the tokenizer's reference
// implementation would produce them (added/special tokens in the text are matched as such).

import { readFile } from 'node:fs/promises';
import { makeEncoder } from '../lib/core/encode.ts';
import { InputError } from '../lib/core/errors.ts';
import { parseCommandArgs, requireString } from './args.ts';
import type { Command } from './main.ts';
import { fileError, loadTokenizerArg, TOKENIZER_ARG_HELP } from './tokenizer-arg.ts';
import { stderrLine } from './terminal-text.ts';

export const encodeCommand: Command = {
  summary: 'print the token ids of a text',
  help: `
Usage: mergeprint encode --tokenizer TOKENIZER [--input FILE]

Prints the token ids of the input (standard input when --input is absent), space-separated, on one line.
What the loader noticed about the tokenizer file (e.g. ids it numbers as HF tokenizers does) goes to standard error.

  --tokenizer TOKENIZER  ${TOKENIZER_ARG_HELP}
  --input FILE           the text to encode (UTF-8); default: standard input
`,
  async run(argv) {
    const args = parseCommandArgs('encode', argv, { tokenizer: { type: 'string' }, input: { type: 'string' } });
    if (args.positionals.length > 0) throw new InputError(`unexpected argument "${args.positionals[0]}": give the text to encode with --input FILE, or on standard input`);
    const tokenizer = await loadTokenizerArg(requireString(args, 'tokenizer', 'encode'));
    for (const w of tokenizer.warnings) stderrLine(`warning: ${w}`);
    const input = args.values.input as string | undefined;
    const text = input === undefined ? await readStdin() : await readFile(input, 'utf8').catch((e) => { throw fileError(input, e); });
    const ids = makeEncoder(tokenizer).encode(text);
    process.stdout.write(Array.from(ids).join(' ') + '\n');
  },
};

async function readStdin(): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}
