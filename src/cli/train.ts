// mergeprint train: BPE training with HuggingFace's exact merges (same tie-break, same quirks) on text read line by
// line, written as a tokenizer.json that the `tokenizers` library and mergeprint both load.

import { InputError } from '../lib/core/errors.ts';
import { makeNormalizer } from '../lib/core/normalize.ts';
import { makePreTokenizer } from '../lib/core/pre-tokenize.ts';
import { trainBpe } from '../lib/core/train.ts';
import { writeTokenizerJson } from '../lib/core/write-tokenizer-json.ts';
import { checkOutFile, writeOutFile } from '../lib/node/out-file.ts';
import { parseCommandArgs, positiveInt, requireString } from './args.ts';
import { countInputs } from './inputs.ts';
import type { Command } from './main.ts';
import { loadPipelineArg, PRETOKENIZER_ARG_HELP } from './pipeline-arg.ts';

export const trainCommand: Command = {
  summary: 'train a BPE tokenizer (HuggingFace-exact merges) and write its tokenizer.json',
  help: `
Usage: mergeprint train --pretokenizer PRE --merges N --out FILE.json INPUT...

Trains a byte-pair encoding on the input files, read line by line (each line keeps its newline, as HuggingFace's
trainer reads files), and writes a tokenizer.json. The merges are those HuggingFace tokenizers' BpeTrainer makes
on the same text with the same pre-tokenizer. Inputs may be plain UTF-8 text, gzip'd text or JSON Lines with a
"text" field.

  --pretokenizer PRE   ${PRETOKENIZER_ARG_HELP}
  --merges N           the number of merges to make (fewer if the text runs out of pairs)
  --out FILE.json      where to write the tokenizer (missing folders are created)
  --max-bytes N        read at most N bytes of input in all (default: everything)
`,
  async run(argv) {
    const args = parseCommandArgs('train', argv, {
      pretokenizer: { type: 'string' }, merges: { type: 'string' }, out: { type: 'string' }, 'max-bytes': { type: 'string' },
    });
    const specs = await loadPipelineArg(requireString(args, 'pretokenizer', 'train'));
    const merges = positiveInt(args, 'merges');
    if (merges === undefined) requireString(args, 'merges', 'train');
    const out = requireString(args, 'out', 'train');
    await checkOutFile(out, '--out');
    const started = performance.now();
    const pipeline = { normalizer: specs.normalizer ? makeNormalizer(specs.normalizer) : null, preTokenizer: makePreTokenizer(specs.preTokenizer) };
    const maxBytes = positiveInt(args, 'max-bytes', Infinity)!;
    const words = await countInputs(args.positionals, pipeline, maxBytes);
    if (words.bytes === 0) throw noText(args.positionals, words.truncated ? maxBytes : null);
    const counted = performance.now();
    const trained = trainBpe(words, { merges });
    const done = performance.now();
    if (trained.mergeLeft.length === 0) {
      throw new InputError(`the input holds no pair of symbols to merge (${words.bytes} bytes, no word longer than one symbol): give more text to train on`);
    }
    await writeOutFile(out, writeTokenizerJson(trained, specs));
    const made = trained.mergeLeft.length;
    process.stderr.write(
      `trained ${made} merges${made < merges! ? ` (the text ran out of pairs before ${merges})` : ''} on ${words.bytes} bytes ` +
      `(${words.words.length} distinct words) in ${((done - started) / 1000).toFixed(2)} s ` +
      `(counting ${((counted - started) / 1000).toFixed(2)} s, merging ${((done - counted) / 1000).toFixed(2)} s); wrote ${out}\n`,
    );
  },
};

/**
 * Why there is nothing to train on. Example: (['a.txt'], null) -> '"a.txt" holds no text: give text to train on';
 * (['a.txt'], 10) -> '--max-bytes 10 ends before the first line of the input does, ...'.
 */
function noText(paths: string[], maxBytes: number | null): InputError {
  if (maxBytes !== null) return new InputError(`--max-bytes ${maxBytes} ends before the first line of the input does, so there is no text to train on: raise it`);
  const which = paths.length === 1 ? `"${paths[0]}" holds` : `the ${paths.length} input files hold`;
  return new InputError(`${which} no text: give text to train on`);
}
