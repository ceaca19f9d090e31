// Added tokens as HF tokenizers matches them, checked against HF itself on small hand-made tokenizer.json files:
// lstrip / rstrip / single_word, normalized tokens (matched by their normalized content), the ids HF gives added
// tokens whose file ids do not fit the vocab, and Metaspace's prepend_scheme "first" after an added token.

import { describe, expect, it } from 'vitest';
import { makeEncoder } from './encode.ts';
import { loadTokenizerJson } from './load-tokenizer-json.ts';
import { hf } from './hf-reference.testkit.ts';

const letters = 'abcdefghijklmnopqrstuvwxyz';
/** A character-level vocab (letters, space symbols, a few more) with merges "a b" -> "ab", "▁ a" -> "▁a", ... */
function tokenizerJson(o: { normalizer?: unknown; preTokenizer?: unknown; added: unknown[]; extraVocab?: Record<string, number> }): string {
  const vocab: Record<string, number> = { '<unk>': 0, '▁': 1, ' ': 2, '_': 3, '1': 4, '!': 5 };
  for (const c of letters) vocab[c] = Object.keys(vocab).length;
  const merges: string[] = [];
  for (const [l, r] of [['a', 'b'], ['▁', 'a'], ['▁a', 'b'], ['h', 'i'], ['▁', 'hi']]) {
    vocab[l + r] = Object.keys(vocab).length;
    merges.push(`${l} ${r}`);
  }
  Object.assign(vocab, o.extraVocab ?? {});
  return JSON.stringify({
    version: '1.0', truncation: null, padding: null, added_tokens: o.added, normalizer: o.normalizer ?? null,
    pre_tokenizer: o.preTokenizer ?? null, post_processor: null, decoder: null,
    model: { type: 'BPE', dropout: null, unk_token: '<unk>', continuing_subword_prefix: null, end_of_word_suffix: null,
      fuse_unk: true, byte_fallback: false, ignore_merges: false, vocab, merges },
  });
}
const SIZE = 6 + letters.length + 5;
const added = (content: string, id: number, o: Record<string, boolean> = {}) =>
  ({ id, content, single_word: false, lstrip: false, rstrip: false, normalized: false, special: true, ...o });

/** Inputs that put whitespace, word characters, other tokens and the text's edges next to the added tokens. */
const inputs = [
  'ab<m>ab', 'ab <m> ab', 'ab  <m>\tab', ' <m>', '<m> ', '<m><m>', 'a <m> <m> b', '_<m>_', '1<m>!', 'é<m>', '<m>é',
  'hi <s> hi', 'hi<s>hi', '<s>hi', '<s> hi', 'ab\n<m>\nab', 'ab\u3000<m>\u00a0ab', 'x <M> y', '<s><m> ab',
];

async function expectSameIds(json: string) {
  const ours = makeEncoder(loadTokenizerJson(json, 'test.json'));
  const reference = hf.Tokenizer.fromString(json);
  for (const text of inputs) {
    const theirs = (await reference.encode(text, null, { addSpecialTokens: false })).getIds();
    expect([text, ours.encode(text)]).toEqual([text, theirs]);
  }
}

describe('added tokens match as in HF tokenizers', () => {
  const METASPACE = { type: 'Metaspace', replacement: '▁', prepend_scheme: 'always', split: true };
  for (const [name, options] of [
    ['plain', {}], ['lstrip', { lstrip: true }], ['rstrip', { rstrip: true }], ['lstrip and rstrip', { lstrip: true, rstrip: true }],
    ['single_word', { single_word: true }], ['single_word with lstrip', { single_word: true, lstrip: true }],
  ] as const) {
    it(`${name}, with and without a pre-tokenizer`, async () => {
      for (const preTokenizer of [null, METASPACE]) {
        await expectSameIds(tokenizerJson({ preTokenizer, added: [added('<m>', SIZE, options), added('<s>', SIZE + 1)] }));
      }
    });
  }

  it('a normalized added token is matched by its normalized content', async () => {
    // Lowercase makes "<M>" "<m>": HF looks for "<m>" in the normalized text, so "x <M> y" holds the token.
    await expectSameIds(tokenizerJson({ normalizer: { type: 'Lowercase' }, added: [added('<M>', SIZE, { normalized: true, special: false })] }));
    // Prepend makes "hi" "▁hi", which the text never holds.
    await expectSameIds(tokenizerJson({
      normalizer: { type: 'Sequence', normalizers: [{ type: 'Prepend', prepend: '▁' }, { type: 'Replace', pattern: { String: ' ' }, content: '▁' }] },
      added: [added('hi', SIZE, { normalized: true, special: false })],
    }));
  });

  it('Metaspace "first" prepends only to text at the very start, not after an added token', async () => {
    for (const split of [true, false]) {
      await expectSameIds(tokenizerJson({ preTokenizer: { type: 'Metaspace', replacement: '▁', prepend_scheme: 'first', split }, added: [added('<m>', SIZE), added('<s>', SIZE + 1)] }));
    }
  });

  it('takes the ids HF gives: the vocab\'s for a token it holds, the next after the vocab for others, in file order', async () => {
    const json = tokenizerJson({ preTokenizer: null, added: [added('hi', 99, { special: false }), added('<m>', 3), added('<s>', SIZE + 7)] });
    const tok = loadTokenizerJson(json, 'test.json');
    expect(tok.addedTokens.map((a) => a.id)).toEqual([SIZE - 2, SIZE, SIZE + 1]); // "hi" is in the vocab
    expect(tok.warnings.join(' ')).toMatch(/3 added tokens have other ids in the file than HF tokenizers gives them .*: "hi" 99 -> 35, "<m>" 3 -> 37, "<s>" 44 -> 38\./);
    await expectSameIds(json);
    // A file as HF writes it (ids in order after the vocab): the file's ids, and no warning.
    const usual = loadTokenizerJson(tokenizerJson({ added: [added('<m>', SIZE), added('<s>', SIZE + 1)] }), 'test.json');
    expect(usual.addedTokens.map((a) => a.id)).toEqual([SIZE, SIZE + 1]);
    expect(usual.warnings).toEqual([]);
  });
});
