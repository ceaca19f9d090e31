import { describe, expect, it } from 'vitest';
import gpt2Ranks from 'js-tiktoken/ranks/gpt2';
import { loadPresetTokenizer, parsePresetIndex } from './preset-index.ts';

describe('preset index', () => {
  it('checks entries and loads a js-tiktoken preset with its pinned pre-tokenizer', () => {
    const [entry] = parsePresetIndex({ presets: [{ id: 'gpt2', name: 'GPT-2', file: 'gpt2.json', format: 'js-tiktoken', encoding: 'gpt2', bytes: 1, provenance: 'x', license: 'MIT' }] });
    const tok = loadPresetTokenizer(entry, JSON.stringify(gpt2Ranks));
    expect(tok.name).toBe('GPT-2');
    expect(tok.mergeLeft.length).toBe(50_000);
    expect(tok.preTokenizer).toMatchObject({ type: 'ByteLevel', use_regex: true });
    expect(() => parsePresetIndex({})).toThrow(/"presets" array/);
    expect(() => parsePresetIndex({ presets: [{ id: 'a', name: 'a', file: '../x', format: 'js-tiktoken' }] })).toThrow(/bare file name/);
    expect(() => parsePresetIndex({ presets: [{ id: 'a', name: 'a', file: 'x', format: 'zip' }] })).toThrow(/unknown "format"/);
    expect(() => loadPresetTokenizer(entry, '{oops')).toThrow(/does not parse/);
    expect(() => parsePresetIndex({ presets: [{ id: 'a', name: 'a', file: 'x', format: 'js-tiktoken', normalizer: 'NFC' }] })).toThrow(/unknown "normalizer"/);
  });

  it('a rank file that cannot record its normalizer gets the one its entry names (the legacy Claude tokenizer: NFKC)', () => {
    const [entry] = parsePresetIndex({ presets: [{ id: 'c', name: 'C', file: 'c.json', format: 'js-tiktoken', normalizer: 'NFKC', bytes: 1, provenance: 'x', license: 'x' }] });
    const tok = loadPresetTokenizer(entry, JSON.stringify(gpt2Ranks));
    expect(tok.normalizer).toEqual({ type: 'NFKC', unicode: 'runtime' }); // as the library that ships such ranks normalizes
    expect(tok.preTokenizer).toMatchObject({ type: 'Sequence' }); // the file's own pat_str: "c" is no known encoding
  });
});
