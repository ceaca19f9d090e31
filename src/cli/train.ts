// mergeprint train: BPE training with HuggingFace's exact merges (same tie-break, same quirks) on text read line by
// line, written as a tokenizer.json that the `tokenizers` library and mergeprint both load.

import { writeFile } from 'node:fs/promises';
import { makeNormalizer } from '../lib/core/normalize.ts';
import { makePreTokenizer } from '../lib/core/pre-tokenize.ts';
import { trainBpe } from '../lib/core/train.ts';
import { writeTokenizerJson } from '../lib/core/write-tokenizer-json.ts';
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
on the same text with the same pre-tokenizer.

  --pretokenizer PRE   ${PRETOKENIZER_ARG_HELP}
  --merges N           the number of merges to make (fewer if the text runs out of pairs)
  --out FILE.json      where to write the tokenizer
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
    const started = performance.now();
    const pipeline = { normalizer: specs.normalizer ? makeNormalizer(specs.normalizer) : null, preTokenizer: makePreTokenizer(specs.preTokenizer) };
    const words = await countInputs(args.positionals, pipeline, positiveInt(args, 'max-bytes', Infinity));
    const counted = performance.now();
    const trained = trainBpe(words, { merges });
    const done = performance.now();
    await writeFile(out, writeTokenizerJson(trained, specs));
    const made = trained.mergeLeft.length;
    process.stderr.write(
      `trained ${made} merges${made < merges! ? ` (the text ran out of pairs before ${merges})` : ''} on ${words.bytes} bytes ` +
      `(${words.words.length} distinct words) in ${((done - started) / 1000).toFixed(2)} s ` +
      `(counting ${((counted - started) / 1000).toFixed(2)} s, merging ${((done - counted) / 1000).toFixed(2)} s); wrote ${out}\n`,
    );
  },
};
