import { describe, expect, it } from 'vitest';
import { Tiktoken } from 'js-tiktoken/lite';
import { encode, makeEncoder } from './encode.ts';
import { loadTiktoken } from './load-tiktoken.ts';
import { loadTokenizerJson } from './load-tokenizer-json.ts';
import { seededRandom } from '../../test-support/corpus.ts';
import type { Tokenizer } from './types.ts';

/** A char-level tokenizer.json with no pre-tokenizer: the whole text is one piece. */
function charLevel(model: Record<string, unknown>, top: Record<string, unknown> = {}): Tokenizer {
  return loadTokenizerJson(
    JSON.stringify({ added_tokens: [], normalizer: null, pre_tokenizer: null, model: { type: 'BPE', ...model }, ...top }),
  );
}

const spell = (tok: Tokenizer, ids: number[]) =>
  ids.map((id) => tok.vocab[id] || tok.addedTokens.find((a) => a.id === id)?.content || `#${id}`);

describe('encode: worked examples', () => {
  const vocab = { a: 0, b: 1, c: 2, ab: 3, bc: 4, abc: 5, '<unk>': 6, '<0x64>': 7, '<0x78>': 8, '<0xC3>': 9, '<0xA9>': 10 };

  it('applies merges by rank, lowest first: with a+b before b+c, "abc" -> ab c -> abc', () => {
    const tok = charLevel({ vocab, merges: ['a b', 'b c', 'ab c'] });
    expect(spell(tok, encode(tok, 'abc'))).toEqual(['abc']);
    const tok2 = charLevel({ vocab, merges: ['b c', 'a b', 'ab c'] });
    expect(spell(tok2, encode(tok2, 'abc'))).toEqual(['a', 'bc']);
  });

  it('ignore_merges: a piece that is a vocab token is emitted whole, even when the merges would not make it', () => {
    const model = { vocab, merges: ['b c', 'a b', 'ab c'] };
    expect(spell(charLevel(model), encode(charLevel(model), 'abc'))).toEqual(['a', 'bc']);
    const tok = charLevel({ ...model, ignore_merges: true });
    expect(spell(tok, encode(tok, 'abc'))).toEqual(['abc']);
  });

  it('unknown characters: byte fallback, else unk (fused or not), else dropped', () => {
    const merges = ['a b'];
    // "d" has a byte token, "é" = C3 A9 has both, "x" has one, "z" has none
    expect(spell(charLevel({ vocab, merges, byte_fallback: true }), encode(charLevel({ vocab, merges, byte_fallback: true }), 'adéab')))
      .toEqual(['a', '<0x64>', '<0xC3>', '<0xA9>', 'ab']);
    const unk = charLevel({ vocab, merges, unk_token: '<unk>' });
    expect(spell(unk, encode(unk, 'azzab'))).toEqual(['a', '<unk>', '<unk>', 'ab']);
    const fused = charLevel({ vocab, merges, unk_token: '<unk>', fuse_unk: true });
    expect(spell(fused, encode(fused, 'azzab'))).toEqual(['a', '<unk>', 'ab']);
    const none = charLevel({ vocab, merges });
    expect(spell(none, encode(none, 'azzab'))).toEqual(['a', 'ab']);
  });

  it('added tokens are split out first, longest first, and never merged with their neighbours', () => {
    const tok = charLevel(
      { vocab, merges: ['a b', 'b c'] },
      {
        added_tokens: [
          { id: 20, content: '<s>', special: true, normalized: false },
          { id: 21, content: '<s><s>', special: true, normalized: false },
          { id: 22, content: 'bc', special: false, normalized: false },
        ],
      },
    );
    expect(spell(tok, encode(tok, 'ab<s><s>abc<s>b'))).toEqual(['ab', '<s><s>', 'a', 'bc', '<s>', 'b']);
    // "bc" is split out as an added token, so "a" never merges with its "b"; like HF, it has the vocab's id 4 (and
    // the other added tokens, whatever the file says, the ids after the vocab's 11).
    expect(encode(tok, 'abc')).toEqual([0, 4]);
    expect(tok.addedTokens.map((a) => a.id)).toEqual([11, 12, 4]);
  });

  it('normalized added tokens match after the normalizer, the others before', () => {
    const tok = charLevel(
      { vocab: { a: 0, b: 1, ab: 2 }, merges: ['a b'] },
      {
        normalizer: { type: 'Lowercase' },
        added_tokens: [
          { id: 10, content: 'AB', special: false, normalized: false },
          { id: 11, content: 'ba', special: false, normalized: true },
        ],
      },
    );
    expect(encode(tok, 'AB')).toEqual([3]); // ids after the vocab's 3, as HF numbers added tokens
    expect(encode(tok, 'Ab')).toEqual([2]); // lowercased to "ab", then merged
    expect(encode(tok, 'BA')).toEqual([4]); // "BA" -> "ba" -> the normalized added token
  });

  it('byte-level pieces through a tiktoken-style pattern: "ab ab  a" -> ab, Ġab, Ġ, Ġa', () => {
    const file = ['a', 'b', ' ', ' a', ' ab', 'ab'].map((t, r) => `${btoa(t)} ${r}`).join('\n');
    const tok = loadTiktoken(file, {
      preTokenizer: {
        type: 'Sequence',
        pretokenizers: [
          { type: 'Split', pattern: { Regex: ' ?[a-z]+|\\s+(?!\\S)|\\s+' }, behavior: 'Isolated', invert: false },
          { type: 'ByteLevel', add_prefix_space: false, trim_offsets: false, use_regex: false },
        ],
      },
    });
    expect(spell(tok, encode(tok, 'ab ab  a'))).toEqual(['ab', 'Ġab', 'Ġ', 'Ġa']);
  });

  it('a small cache gives the same ids as a large one', () => {
    const tok = charLevel({ vocab, merges: ['a b', 'b c', 'ab c'] });
    const small = makeEncoder(tok, { cacheSize: 1 });
    const text = 'abcabcbcab';
    expect(small.encode(text)).toEqual(encode(tok, text));
    expect(small.encode(text)).toEqual(encode(tok, text));
  });
});

describe('tiktoken rule vs merge-rank BPE', () => {
  /**
   * Random rank files over the bytes a-d: multi-byte tokens at random ranks, so some are irregular (no two
   * lower-ranked parts) or unreachable. js-tiktoken's own encoder is the reference.
   */
  function randomRanks(r: () => number): string[] {
    const tokens = ['a', 'b', 'c', 'd'];
    const seen = new Set(tokens);
    const n = 4 + Math.floor(r() * 40);
    while (tokens.length < n) {
      const len = 2 + Math.floor(r() * 4);
      let t = '';
      for (let i = 0; i < len; i++) t += 'abcd'[Math.floor(r() * (r() < 0.7 ? 2 : 4))];
      if (!seen.has(t)) {
        seen.add(t);
        // insert at a random rank after the four bytes: may come before its own parts
        tokens.splice(4 + Math.floor(r() * (tokens.length - 3)), 0, t);
      }
    }
    return tokens;
  }

  it('with merges recovered as tiktoken splits each token alone, encoding equals js-tiktoken on random rank files', () => {
    const r = seededRandom(7);
    let irregularFiles = 0;
    for (let trial = 0; trial < 400; trial++) {
      const tokens = randomRanks(r);
      const file = tokens.map((t, k) => `${btoa(t)} ${k}`).join('\n');
      const tok = loadTiktoken(file, { preTokenizer: null });
      if (tok.warnings.some((w) => /do not split into two lower-ranked/.test(w))) irregularFiles++;
      const reference = new Tiktoken({ pat_str: '[a-d]+', special_tokens: {}, bpe_ranks: `! 0 ${tokens.map((t) => btoa(t)).join(' ')}` });
      for (let k = 0; k < 5; k++) {
        let text = '';
        const len = 1 + Math.floor(r() * 30);
        for (let i = 0; i < len; i++) text += 'abcd'[Math.floor(r() * (r() < 0.7 ? 2 : 4))];
        expect(encode(tok, text), `trial ${trial}: ranks ${tokens.join(',')} text ${text}`).toEqual(reference.encode(text));
      }
    }
    expect(irregularFiles).toBeGreaterThan(50); // the property is exercised where the two rules could differ
  });

  it('recovering merges from lower ranks only (dropping irregular tokens) would differ: the case that matters', () => {
    // ranks a b c abc bc: "abcd" in tiktoken -> b+c (rank 4) -> a+bc = abc (rank 3) -> [abc, d]
    const tokens = ['a', 'b', 'c', 'd', 'abc', 'bc'];
    const file = tokens.map((t, k) => `${btoa(t)} ${k}`).join('\n');
    const tok = loadTiktoken(file, { preTokenizer: null });
    const reference = new Tiktoken({ pat_str: '[a-d]+', special_tokens: {}, bpe_ranks: `! 0 ${tokens.map((t) => btoa(t)).join(' ')}` });
    expect(reference.encode('abcd')).toEqual([4, 3]);
    expect(encode(tok, 'abcd')).toEqual([4, 3]);
    // Without the irregular token's merge, merge-rank BPE stops at a, bc, d.
    const naive: Tokenizer = { ...tok, mergeLeft: tok.mergeLeft.slice(1), mergeRight: tok.mergeRight.slice(1), mergeResult: tok.mergeResult.slice(1) };
    expect(encode(naive, 'abcd')).toEqual([0, 5, 3]);
  });
});
